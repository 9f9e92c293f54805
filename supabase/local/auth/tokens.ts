import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { StackConfig } from '../config.ts';
import { signJwt } from '../jwt.ts';
import { appMetadata, type UserRow } from './users.ts';

export interface AmrEntry {
  method: string;
  timestamp: number;
}

/** An unguessable URL-safe secret (refresh tokens, email links). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** What the database keeps instead of a secret: its SHA-256, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The 6-digit code of an email OTP. */
export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The access token GoTrue issues: HS256, with Supabase's claims. */
export async function signAccessToken(
  config: StackConfig,
  user: UserRow,
  sessionId: string,
  amr: AmrEntry[],
): Promise<{ token: string; expiresAt: number }> {
  const iat = nowSeconds();
  const expiresAt = iat + config.auth.jwtExpiry;
  const token = await signJwt(
    {
      iss: `${config.apiUrl}/auth/v1`,
      sub: user.id,
      aud: user.aud ?? 'authenticated',
      exp: expiresAt,
      iat,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: appMetadata(user),
      user_metadata: user.raw_user_meta_data,
      role: user.role ?? 'authenticated',
      aal: 'aal1',
      amr,
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    },
    config.jwtSecret,
  );
  return { token, expiresAt };
}
