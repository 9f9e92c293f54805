import { PKCE_PREFIX } from './pkce.ts';
import { randomToken, sha256, sixDigitCode } from './tokens.ts';
import type { Db } from './users.ts';

/** auth.one_time_tokens.token_type values the service issues. */
export type OtpKind =
  | 'confirmation_token'
  | 'recovery_token'
  | 'magiclink_token'
  | 'email_change_token_new'
  | 'email_change_token_current'
  | 'reauthentication_token';

/** Links and codes live one hour (the CLI's `otp_expiry`). */
const OTP_TTL_SECONDS = 3600;

export interface IssuedOtp {
  /** Goes into the email's link (and is the `token_hash` of supabase-js's verifyOtp). */
  token: string;
  /** The 6-digit code printed in the email. */
  code: string;
}

export interface OtpMatch {
  userId: string;
  kind: OtpKind;
  /** The address the token was sent to. */
  relatesTo: string;
}

// Only hashes are stored, with distinct prefixes so that a link token can never match a code row.
const linkHash = (token: string): string => sha256(`link:${token}`);
const codeHash = (userId: string, code: string): string => sha256(`code:${userId}:${code}`);

/**
 * A fresh link token and code for one purpose; the user's previous ones for that purpose stop
 * working. Two rows: one for the link, one for the code.
 */
export async function issueOtp(db: Db, userId: string, kind: OtpKind, relatesTo: string): Promise<IssuedOtp> {
  const issued = { token: randomToken(), code: sixDigitCode() };
  await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [userId, kind]);
  await db.query(
    `insert into auth.one_time_tokens (user_id, token_type, token_hash, relates_to)
     values ($1, $2, $3, $5), ($1, $2, $4, $5)`,
    [userId, kind, linkHash(issued.token), codeHash(userId, issued.code), relatesTo],
  );
  return issued;
}

async function consume(db: Db, hash: string, kinds: OtpKind[], userId: string | null): Promise<OtpMatch | undefined> {
  const { rows } = await db.query<{ user_id: string; token_type: OtpKind; relates_to: string }>(
    `select user_id, token_type, relates_to from auth.one_time_tokens
     where token_hash = $1 and token_type = any($2::text[]) and ($3::uuid is null or user_id = $3::uuid)
       and created_at > localtimestamp - make_interval(secs => $4::double precision)
     for update`,
    [hash, kinds, userId, OTP_TTL_SECONDS],
  );
  const row = rows[0];
  if (!row) return undefined;
  // Used once: the link and the code of that email both stop working.
  await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [
    row.user_id,
    row.token_type,
  ]);
  return { userId: row.user_id, kind: row.token_type, relatesTo: row.relates_to };
}

/** A link's token; the PKCE flow's `pkce_` prefix is not part of what was stored. */
export const consumeLink = (db: Db, token: string, kinds: OtpKind[]): Promise<OtpMatch | undefined> =>
  consume(db, linkHash(token.startsWith(PKCE_PREFIX) ? token.slice(PKCE_PREFIX.length) : token), kinds, null);

export const consumeCode = (db: Db, userId: string, code: string, kinds: OtpKind[]): Promise<OtpMatch | undefined> =>
  consume(db, codeHash(userId, code), kinds, userId);
