import type { AuthError } from '@supabase/supabase-js';

/**
 * Stable codes the app turns into sentences (see `error.<code>` in src/lib/i18n). Screens never
 * see Supabase's own errors.
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
  | 'not_moderator'
  | 'invalid_duplicate'
  | 'unknown_email'
  | 'role_exists'
  | 'districts_required'
  | 'last_admin'
  | 'districts_import_invalid'
  | 'email_taken'
  | 'weak_password'
  | 'unavailable'
  | 'unknown';

/**
 * Every named error the database raises (`raise exception using message = '<name>'`, listed in
 * docs/data-model.md § Named errors) and the code the app explains it with. The one place where a
 * refusal's name is read; errors.test.ts checks it against the migrations and the doc.
 */
export const DATABASE_ERRORS = {
  proposal_outside_city: 'outside_city',
  proposal_geometry_unsupported: 'invalid_input',
  proposal_not_found: 'not_found',
  voting_closed: 'voting_closed',
  already_reported: 'already_reported',
  report_target_not_found: 'not_found',
  not_moderator: 'not_moderator',
  reason_required: 'invalid_input',
  invalid_action: 'invalid_input',
  invalid_duplicate: 'invalid_duplicate',
  moderation_log_append_only: 'forbidden',
  not_admin: 'forbidden',
  not_planner: 'forbidden',
  unknown_email: 'unknown_email',
  invalid_role: 'invalid_input',
  districts_required: 'districts_required',
  districts_not_allowed: 'invalid_input',
  unknown_district: 'invalid_input',
  role_exists: 'role_exists',
  last_admin: 'last_admin',
  district_geometry_invalid: 'districts_import_invalid',
  districts_import_invalid: 'districts_import_invalid',
  groups_mismatch: 'invalid_input',
} as const satisfies Record<string, ApiErrorCode>;
export type DatabaseErrorName = keyof typeof DATABASE_ERRORS;

const isDatabaseErrorName = (name: string): name is DatabaseErrorName => Object.hasOwn(DATABASE_ERRORS, name);

/** The one error the data-access layer throws. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  /** HTTP status when there was an answer; 0 when the server could not be reached. */
  readonly status: number;
  /** The database's own plain sentence for a named error (English, for logs and details). */
  readonly detail: string | null;
  /** The database's hint for a named error: a machine-readable precision (e.g. why voting is closed). */
  readonly hint: string | null;

  constructor(
    code: ApiErrorCode,
    message: string,
    status = 0,
    options?: { cause?: unknown; detail?: string | null; hint?: string | null },
  ) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.detail = options?.detail ?? null;
    this.hint = options?.hint ?? null;
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
  // A PostgrestError, or the plain object postgrest-js reports: a named error by its name, the
  // rest by SQLSTATE and HTTP status (never by the wording of the message).
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = String(error.message);
    const pgCode = 'code' in error && typeof error.code === 'string' ? error.code : '';
    const detail = 'details' in error && typeof error.details === 'string' ? error.details : null;
    const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : null;
    const httpStatus = status ?? 500;
    let code = codeFromStatus(httpStatus);
    if (isDatabaseErrorName(message)) code = DATABASE_ERRORS[message];
    else if (pgCode === '42501') code = 'forbidden';
    else if (pgCode === 'PGRST116') code = 'not_found';
    else if (/^2[23]/.test(pgCode)) code = 'invalid_input';
    return new ApiError(code, message, httpStatus, { cause: error, detail, hint });
  }
  return new ApiError('unknown', String(error), status ?? 0, { cause: error });
}
