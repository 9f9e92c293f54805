import type { AuthError } from '@supabase/supabase-js';

/**
 * Stable codes the app turns into sentences (see `error.<code>` in src/lib/i18n). New codes are
 * added here when the data model names new refusals; screens never see Supabase's own errors.
 */
export type ApiErrorCode =
  | 'invalid_credentials'
  | 'email_not_confirmed'
  | 'rate_limited'
  | 'network'
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'outside_city'
  | 'already_reported'
  | 'voting_closed'
  | 'email_taken'
  | 'weak_password'
  | 'unavailable'
  | 'unknown';

/** The one error the data-access layer throws. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  /** HTTP status when there was an answer; 0 when the server could not be reached. */
  readonly status: number;

  constructor(code: ApiErrorCode, message: string, status = 0, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function codeFromStatus(status: number): ApiErrorCode {
  if (status === 0) return 'network';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404 || status === 406) return 'not_found';
  if (status === 400 || status === 409 || status === 413 || status === 422) return 'invalid_input';
  if (status >= 500) return 'unavailable';
  return 'unknown';
}

/** The data model's named errors (docs/data-model.md) that the app explains in their own words. */
function namedRefusal(message: string): ApiErrorCode | null {
  if (message.includes('proposal_outside_city')) return 'outside_city';
  if (message.includes('reports_one_per_person')) return 'already_reported';
  if (message.includes('row-level security policy for table "votes"')) return 'voting_closed';
  return null;
}

/*
 * supabase-js's auth errors, recognised the way its own guards do (a marker property and the
 * class name), so that this module does not pull supabase-js into the first load.
 */
function isAuthError(error: unknown): error is AuthError {
  return typeof error === 'object' && error !== null && '__isAuthError' in error;
}
const isAuthApiError = (error: unknown): error is AuthError & { status: number } =>
  isAuthError(error) && error.name === 'AuthApiError';
const isAuthRetryableFetchError = (error: unknown): error is AuthError =>
  isAuthError(error) && error.name === 'AuthRetryableFetchError';

/** Turns whatever supabase-js reported or threw into an ApiError. */
export function toApiError(error: unknown, status?: number): ApiError {
  if (error instanceof ApiError) return error;
  if (isAuthRetryableFetchError(error)) return new ApiError('network', error.message, 0, { cause: error });
  if (isAuthApiError(error)) {
    const code: ApiErrorCode =
      error.code === 'invalid_credentials'
        ? 'invalid_credentials'
        : error.code === 'email_not_confirmed'
          ? 'email_not_confirmed'
          : error.code === 'user_already_exists' || error.code === 'email_exists'
            ? 'email_taken'
            : error.code === 'weak_password'
              ? 'weak_password'
              : error.code === 'over_request_rate_limit' || error.code === 'over_email_send_rate_limit'
                ? 'rate_limited'
                : codeFromStatus(error.status);
    return new ApiError(code, error.message, error.status, { cause: error });
  }
  if (isAuthError(error)) return new ApiError(codeFromStatus(error.status ?? 0), error.message, error.status ?? 0);
  if (error instanceof TypeError) return new ApiError('network', error.message, 0, { cause: error });
  // A PostgrestError, or the plain object postgrest-js reports.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const pgCode = 'code' in error && typeof error.code === 'string' ? error.code : '';
    const httpStatus = status ?? 500;
    let code = codeFromStatus(httpStatus);
    if (pgCode === '42501') code = 'forbidden';
    else if (pgCode === 'PGRST116') code = 'not_found';
    else if (/^2[23]/.test(pgCode)) code = 'invalid_input';
    code = namedRefusal(String(error.message)) ?? code;
    return new ApiError(code, String(error.message), httpStatus, { cause: error });
  }
  return new ApiError('unknown', String(error), status ?? 0, { cause: error });
}
