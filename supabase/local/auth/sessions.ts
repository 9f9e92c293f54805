import type { StackConfig } from '../config.ts';
import { audit } from './audit.ts';
import type { ClientMeta } from './call.ts';
import { authError } from './errors.ts';
import { randomToken, sha256, signAccessToken, type AmrEntry } from './tokens.ts';
import { findUserById, loadUserJson, type Db, type UserRow } from './users.ts';

/** GoTrue's AccessTokenResponse. */
export interface SessionAnswer {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
}

export const isBanned = (user: UserRow): boolean => user.banned_until !== null && user.banned_until > new Date();

const refreshTokenNotFound = () =>
  authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');

/** Refresh tokens are stored as SHA-256 hashes; `parent` holds the hash of the token it replaced. */
async function issueRefreshToken(db: Db, user: UserRow, sessionId: string, parentHash: string | null): Promise<string> {
  const token = randomToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, session_id, parent)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4)`,
    [sha256(token), user.id, sessionId, parentHash],
  );
  return token;
}

async function answer(
  db: Db,
  config: StackConfig,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
): Promise<SessionAnswer> {
  const { rows } = await db.query<{ method: string; timestamp: string }>(
    `select authentication_method as method, extract(epoch from created_at)::bigint as timestamp
     from auth.mfa_amr_claims where session_id = $1 order by created_at`,
    [sessionId],
  );
  const amr: AmrEntry[] = rows.map((row) => ({ method: row.method, timestamp: Number(row.timestamp) }));
  const { token, expiresAt } = await signAccessToken(config, user, sessionId, amr);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: config.auth.jwtExpiry,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: await loadUserJson(db, user),
  };
}

/** A new session for a user who just proved who they are (`method` goes into the `amr` claim). */
export async function startSession(
  db: Db,
  config: StackConfig,
  user: UserRow,
  method: string,
  meta: ClientMeta,
): Promise<SessionAnswer> {
  const { rows } = await db.query<{ id: string }>(
    `insert into auth.sessions (user_id, aal, user_agent, ip) values ($1, 'aal1', $2, $3) returning id`,
    [user.id, meta.userAgent, meta.ip],
  );
  const sessionId = rows[0]!.id;
  await db.query('insert into auth.mfa_amr_claims (session_id, authentication_method) values ($1, $2)', [
    sessionId,
    method,
  ]);
  await db.query('update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1', [user.id]);
  await db.query(`update auth.identities set last_sign_in_at = now() where user_id = $1 and provider = 'email'`, [
    user.id,
  ]);
  const signedIn = (await findUserById(db, user.id))!;
  return answer(db, config, signedIn, sessionId, await issueRefreshToken(db, signedIn, sessionId, null));
}

/**
 * Rotation (config.toml's enable_refresh_token_rotation): the presented token is revoked and
 * replaced by a child. Presented again within refresh_token_reuse_interval seconds of its
 * rotation (two tabs refreshing at once), it gets a sibling of that child: only hashes are stored,
 * so the child itself cannot be handed out again. Later, it means the token leaked: the whole
 * session (its token family) is ended, and the caller gets 'reused' so that it can commit that
 * before answering the error. Without rotation the same token stays valid.
 */
export async function refreshSession(
  db: Db,
  config: StackConfig,
  refreshToken: string,
  ip: string,
): Promise<SessionAnswer | 'reused'> {
  const hash = sha256(refreshToken);
  // Lock the session before its token, in the order logout's cascade takes them (no deadlock).
  const { rows: found } = await db.query<{ session_id: string | null }>(
    'select session_id from auth.refresh_tokens where token = $1',
    [hash],
  );
  const sessionId = found[0]?.session_id;
  if (!sessionId) throw refreshTokenNotFound();
  const { rows: sessions } = await db.query<{ user_id: string }>(
    'select user_id from auth.sessions where id = $1 for update',
    [sessionId],
  );
  const { rows: tokens } = await db.query<{ id: string; revoked: boolean; within_reuse_interval: boolean }>(
    `select id, revoked, updated_at > now() - make_interval(secs => $3::double precision) as within_reuse_interval
     from auth.refresh_tokens where token = $1 and session_id = $2 for update`,
    [hash, sessionId, config.auth.refreshTokenReuseInterval],
  );
  const token = tokens[0];
  const user = sessions[0] && (await findUserById(db, sessions[0].user_id));
  if (!token || !user) throw refreshTokenNotFound();
  if (token.revoked && !token.within_reuse_interval) {
    await db.query('delete from auth.sessions where id = $1', [sessionId]);
    await audit(db, ip, 'token_revoked', user, 'token', { reason: 'refresh_token_reused' });
    return 'reused';
  }
  if (isBanned(user)) throw authError(400, 'user_banned', 'Invalid Refresh Token: User Banned');
  await db.query(`update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now() where id = $1`, [
    sessionId,
  ]);
  await audit(db, ip, 'token_refreshed', user, 'token');
  if (!config.auth.enableRefreshTokenRotation) return answer(db, config, user, sessionId, refreshToken);
  if (!token.revoked) {
    await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [token.id]);
  }
  return answer(db, config, user, sessionId, await issueRefreshToken(db, user, sessionId, hash));
}

/** Ends the user's sessions (their refresh tokens go with them): all, one, or all but one. */
export async function endSessions(
  db: Db,
  userId: string,
  scope: 'global' | 'local' | 'others',
  sessionId?: string,
): Promise<void> {
  if (scope === 'global') {
    await db.query('delete from auth.sessions where user_id = $1', [userId]);
  } else if (sessionId && scope === 'local') {
    await db.query('delete from auth.sessions where id = $1 and user_id = $2', [sessionId, userId]);
  } else if (scope === 'others') {
    await db.query('delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid', [
      userId,
      sessionId ?? null,
    ]);
  }
}
