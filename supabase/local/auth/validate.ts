import { authError, validationFailed } from './errors.ts';

/** Body fields of the auth endpoints, checked before any database work. */
export type Body = Record<string, unknown>;

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt ignores what follows the 72nd byte, so longer passwords are refused, as GoTrue does. */
const MAX_PASSWORD_BYTES = 72;
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw validationFailed(`${key} must be a string`);
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationFailed(`${key} must be a boolean`);
  return value;
}

export function optionalObject(body: Body, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw validationFailed(`${key} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Trimmed and lower-cased, as GoTrue stores addresses. */
export function parseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > 255 || !EMAIL_PATTERN.test(email)) {
    throw validationFailed('Unable to validate email address: invalid format');
  }
  return email;
}

export function requiredEmail(body: Body): string {
  const email = optionalString(body, 'email');
  if (!email) throw validationFailed('An email address is required');
  return parseEmail(email);
}

/** The password policy: at least 8 characters (422 `weak_password` with GoTrue's body). */
export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw authError(422, 'weak_password', `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`, {
      weak_password: { reasons: ['length'] },
    });
  }
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw authError(422, 'validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** The local stack speaks the implicit flow only: a PKCE request would wait for a `?code=` that never comes. */
export function refusePkce(body: Body): void {
  if (typeof body.code_challenge === 'string' && body.code_challenge !== '') {
    throw validationFailed('PKCE flow is not supported by the local stack; use flowType "implicit"');
  }
}

/** Phone sign-in is disabled, as in the CLI's default config. */
export function refusePhone(body: Body): void {
  if (body.phone !== undefined && body.phone !== null && body.phone !== '') {
    throw authError(400, 'phone_provider_disabled', 'Phone logins are disabled');
  }
}
