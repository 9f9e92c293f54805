import { createHash } from 'node:crypto';
import type pg from 'pg';
import { asSuperuser } from '../db/database.ts';
import { authError, validationFailed } from './errors.ts';
import { randomToken, sha256 } from './tokens.ts';
import type { Db } from './users.ts';
import { optionalString, type Body } from './validate.ts';

/**
 * The PKCE flow (`flowType: 'pkce'` in supabase-js): a request that sends an email carries a code
 * challenge; the email's link then leads back with `?code=`, which only the device holding the
 * code verifier can exchange for a session (`POST /token?grant_type=pkce`). As GoTrue does it:
 * a flow state per user and purpose, the link's token prefixed with `pkce_`.
 */
export interface CodeChallenge {
  challenge: string;
  method: 's256' | 'plain';
}

/** What GoTrue prefixes the link token with in the PKCE flow. */
export const PKCE_PREFIX = 'pkce_';
/** An auth code must be exchanged within 5 minutes of the link being followed (GoTrue's flow state expiry). */
const AUTH_CODE_TTL_SECONDS = 300;
/** A flow state waits for its link as long as the link lives. */
const FLOW_TTL_SECONDS = 3600;

/** `code_challenge` and `code_challenge_method` of a body: both or neither, checked as RFC 7636 says. */
export function codeChallenge(body: Body): CodeChallenge | undefined {
  const challenge = optionalString(body, 'code_challenge');
  const method = optionalString(body, 'code_challenge_method');
  if (!challenge && !method) return undefined;
  if (!challenge || !method) throw validationFailed('PKCE flow requires code_challenge_method and code_challenge');
  if (challenge.length < 43 || challenge.length > 128) {
    throw validationFailed('code challenge has to be between 43 and 128 characters');
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(challenge)) {
    throw validationFailed(
      'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes',
    );
  }
  const normalised = method.toLowerCase();
  if (normalised !== 's256' && normalised !== 'plain') {
    throw validationFailed(`code challenge method ${method} is not supported`);
  }
  return { challenge, method: normalised };
}

/**
 * auth.flow_state, created on first use in its own committed transaction (outside the bootstrap,
 * so that data folders made before PKCE existed get it too). Call before the request's transaction.
 */
const tableReady = new WeakMap<pg.Pool, Promise<unknown>>();
export function ensureFlowTable(pool: pg.Pool): Promise<unknown> {
  const known = tableReady.get(pool);
  if (known) return known;
  const creating = asSuperuser(pool, (db) =>
    db.query(
      `create table if not exists auth.flow_state (
         id uuid primary key default gen_random_uuid(),
         user_id uuid not null references auth.users (id) on delete cascade,
         auth_code_hash text,
         code_challenge_method text not null,
         code_challenge text not null,
         authentication_method text not null,
         created_at timestamptz not null default now(),
         auth_code_issued_at timestamptz
       )`,
    ),
  ).catch((error: unknown) => {
    tableReady.delete(pool);
    throw error;
  });
  tableReady.set(pool, creating);
  return creating;
}

/** Remembers the challenge of a request that is sending `purpose`'s email to `userId`. */
export async function saveFlowState(db: Db, userId: string, purpose: string, pkce: CodeChallenge): Promise<void> {
  await db.query('delete from auth.flow_state where user_id = $1 and authentication_method = $2', [userId, purpose]);
  await db.query(
    `insert into auth.flow_state (user_id, code_challenge_method, code_challenge, authentication_method)
     values ($1, $2, $3, $4)`,
    [userId, pkce.method, pkce.challenge, purpose],
  );
}

/** The link was followed: an auth code for the flow state of that user and purpose. */
export async function issueAuthCode(db: Db, userId: string, purpose: string): Promise<string> {
  const code = randomToken();
  const { rowCount } = await db.query(
    `update auth.flow_state set auth_code_hash = $3, auth_code_issued_at = now()
     where user_id = $1 and authentication_method = $2
       and created_at > now() - make_interval(secs => $4::double precision)`,
    [userId, purpose, sha256(code), FLOW_TTL_SECONDS],
  );
  if (!rowCount) throw authError(404, 'flow_state_not_found', 'No valid flow state found for user.');
  return code;
}

function matches(pkce: CodeChallenge, verifier: string): boolean {
  const expected = pkce.method === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return expected === pkce.challenge;
}

/** `POST /token?grant_type=pkce`: the user and purpose of an auth code, used up; the verifier must match. */
export async function exchangeAuthCode(
  db: Db,
  authCode: string,
  verifier: string,
): Promise<{ userId: string; purpose: string }> {
  const { rows } = await db.query<{
    user_id: string;
    authentication_method: string;
    code_challenge: string;
    code_challenge_method: CodeChallenge['method'];
    expired: boolean;
  }>(
    `delete from auth.flow_state where auth_code_hash = $1
     returning user_id, authentication_method, code_challenge, code_challenge_method,
       auth_code_issued_at < now() - make_interval(secs => $2::double precision) as expired`,
    [sha256(authCode), AUTH_CODE_TTL_SECONDS],
  );
  const flow = rows[0];
  if (!flow) throw authError(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
  if (flow.expired) throw authError(400, 'flow_state_expired', 'invalid flow state, flow state has expired');
  if (!matches({ challenge: flow.code_challenge, method: flow.code_challenge_method }, verifier)) {
    throw authError(403, 'bad_code_verifier', 'code challenge does not match previously saved code verifier');
  }
  return { userId: flow.user_id, purpose: flow.authentication_method };
}
