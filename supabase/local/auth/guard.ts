import type { IncomingMessage } from 'node:http';
import type { StackConfig } from '../config.ts';
import type { JwtClaims } from '../db/database.ts';
import { bearerToken } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { authError } from './errors.ts';
import { findUserById, type Db, type UserRow } from './users.ts';
import { isUuid } from './validate.ts';

/** Roles GoTrue lets call the admin endpoints. */
const ADMIN_ROLES = new Set(['service_role', 'supabase_admin']);

export interface Caller {
  user: UserRow;
  /** The session the access token belongs to (tokens minted elsewhere may have none). */
  sessionId: string | undefined;
}

/** The bearer JWT's claims, verified (HS256, stack secret, not expired); no database work. */
export async function verifiedClaims(config: StackConfig, req: IncomingMessage): Promise<JwtClaims> {
  const token = bearerToken(req);
  if (!token) throw authError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  try {
    return await verifyJwt(token, config.jwtSecret);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid token';
    throw authError(401, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}

/** The user and session the claims name; an ended session is refused, as GoTrue does (403). */
export async function loadCaller(db: Db, claims: JwtClaims): Promise<Caller> {
  if (!isUuid(claims.sub)) throw authError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  const user = await findUserById(db, claims.sub);
  if (!user) throw authError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  const sessionId = claims.session_id;
  if (sessionId === undefined) return { user, sessionId: undefined };
  const exists =
    isUuid(sessionId) &&
    ((await db.query('select 1 from auth.sessions where id = $1 and user_id = $2', [sessionId, user.id])).rowCount ??
      0) > 0;
  if (!exists) throw authError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return { user, sessionId };
}

/** Admin endpoints: a valid JWT whose role is service_role. */
export async function requireAdmin(config: StackConfig, req: IncomingMessage): Promise<void> {
  const claims = await verifiedClaims(config, req);
  if (!ADMIN_ROLES.has(claims.role)) throw authError(403, 'not_admin', 'User not allowed');
}
