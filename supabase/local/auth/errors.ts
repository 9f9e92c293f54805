import { HttpError } from '../http.ts';

/** GoTrue's (pre-2024 API version) error body: `{ code: <status>, error_code, msg }`. */
export function authError(
  status: number,
  errorCode: string,
  msg: string,
  extra: Record<string, unknown> = {},
): HttpError {
  return new HttpError(status, { code: status, error_code: errorCode, msg, ...extra });
}

export const validationFailed = (msg: string): HttpError => authError(400, 'validation_failed', msg);

export const invalidCredentials = (): HttpError => authError(400, 'invalid_credentials', 'Invalid login credentials');

/** What POST /verify answers for any unknown, used or expired token or code. */
export const otpExpired = (): HttpError => authError(403, 'otp_expired', 'Token has expired or is invalid');

export const emailExists = (): HttpError =>
  authError(422, 'email_exists', 'A user with this email address has already been registered');

export const userNotFound = (): HttpError => authError(404, 'user_not_found', 'User not found');
