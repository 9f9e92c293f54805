import { authError, validationFailed } from './errors.ts';

/** Body fields of the auth endpoints, checked before any database work. */
export type Body = Record<string, unknown>;

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

/**
 * Metadata is copied into every access token, which travels in a header: bounded in size (the
 * edge's 8 KiB header line must hold the whole token) and depth, and free of NUL characters
 * (which PostgreSQL's jsonb cannot hold).
 */
export const MAX_METADATA_BYTES = 4096;
const MAX_METADATA_DEPTH = 8;

function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/** Walks the value without recursion, so that no nesting can exhaust the stack. */
export function checkMetadata(value: Record<string, unknown>, key: string): void {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const { value: item, depth } = pending.pop()!;
    if (typeof item === 'string' && hasNul(item)) throw validationFailed(`${key} cannot contain NUL characters`);
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_METADATA_DEPTH)
      throw validationFailed(`${key} is nested too deeply (at most ${MAX_METADATA_DEPTH} levels)`);
    for (const [name, child] of Object.entries(item)) {
      if (hasNul(name)) throw validationFailed(`${key} cannot contain NUL characters`);
      pending.push({ value: child, depth: depth + 1 });
    }
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_METADATA_BYTES) throw metadataTooLarge(key);
}

export const metadataTooLarge = (key: string) =>
  validationFailed(`${key} is too large (at most ${MAX_METADATA_BYTES} bytes of JSON)`);

/** An optional metadata object (`data`, `user_metadata`, `app_metadata`), checked. */
export function optionalMetadata(body: Body, key: string): Record<string, unknown> | undefined {
  const value = optionalObject(body, key);
  if (value) checkMetadata(value, key);
  return value;
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

/** The password policy: config.toml's minimum_password_length (422 `weak_password` with GoTrue's body). */
export function checkPassword(password: string, minimumLength: number): void {
  if ([...password].length < minimumLength) {
    throw authError(422, 'weak_password', `Password should be at least ${minimumLength} characters.`, {
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

/** Phone sign-in is disabled, as in the CLI's default config. */
export function refusePhone(body: Body): void {
  if (body.phone !== undefined && body.phone !== null && body.phone !== '') {
    throw authError(400, 'phone_provider_disabled', 'Phone logins are disabled');
  }
}
