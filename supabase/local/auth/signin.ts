import { sendJson } from '../http.ts';
import { audit } from './audit.ts';
import { clientMeta, inTransaction, isUniqueViolation, readBody, type Call } from './call.ts';
import { authError, invalidCredentials, validationFailed } from './errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { limitRequest } from './rate-limit.ts';
import { isBanned, refreshSession, startSession } from './sessions.ts';
import { randomToken } from './tokens.ts';
import { draftUser, findUserByEmail, findUserById, insertUser, userJson } from './users.ts';
import { checkPassword, optionalObject, optionalString, parseEmail, refusePhone, refusePkce } from './validate.ts';

/**
 * POST /signup. Users are confirmed at once (the CLI's default autoconfirm), yet the answer never
 * carries a session: a new address and an existing one must get the same answer (no account
 * enumeration), and no session can be handed out for an address whose password was not proven.
 * Both get 200 with a user object of the same shape (for an existing address, a draft that is
 * never stored, with a random id); the client then signs in with the password.
 */
export async function signup(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  refusePkce(body);
  refusePhone(body);
  const rawEmail = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  if (!rawEmail && !password) throw authError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
  if (!rawEmail) throw validationFailed('To signup, please provide your email');
  const email = parseEmail(rawEmail);
  if (!password) throw authError(422, 'validation_failed', 'Signup requires a valid password');
  checkPassword(password);
  // bcrypt runs outside the transaction and for both cases: same cost, and PGlite's single session is not held.
  const draft = draftUser({
    email,
    passwordHash: await hashPassword(password),
    confirmed: true,
    userMetadata: optionalObject(body, 'data') ?? {},
  });
  try {
    await inTransaction(call, async (db) => {
      if (await findUserByEmail(db, email)) return;
      await insertUser(db, draft);
      await audit(db, call.ip, 'user_signedup', draft.user, 'team', { provider: 'email' });
    });
  } catch (error) {
    // A concurrent sign-up took the address: answer like for any existing address.
    if (!isUniqueViolation(error)) throw error;
  }
  sendJson(call.res, 200, userJson(draft.user, [draft.identity]));
}

/** Compared against when the address is unknown, so that both cases cost one bcrypt. */
let dummyHash: Promise<string> | undefined;

async function passwordGrant(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  refusePhone(body);
  const email = optionalString(body, 'email')?.trim().toLowerCase();
  const password = optionalString(body, 'password');
  if (!email) throw validationFailed('missing email or phone');
  if (!password) throw invalidCredentials();
  // Read, compare (slow, outside any transaction), then sign in if the hash did not change meanwhile.
  const found = await inTransaction(call, (db) => findUserByEmail(db, email));
  const hash = found?.encrypted_password ?? (await (dummyHash ??= hashPassword(randomToken())));
  const matches = await verifyPassword(password, hash);
  if (!found?.encrypted_password || !matches) throw invalidCredentials();
  if (!found.email_confirmed_at) throw authError(400, 'email_not_confirmed', 'Email not confirmed');
  if (isBanned(found)) throw authError(400, 'user_banned', 'User is banned');
  const session = await inTransaction(call, async (db) => {
    const user = await findUserById(db, found.id, true);
    if (!user || user.encrypted_password !== found.encrypted_password) throw invalidCredentials();
    await audit(db, call.ip, 'login', user, 'account', { provider: 'email' });
    return startSession(db, call.ctx.config, user, 'password', clientMeta(call));
  });
  sendJson(call.res, 200, session);
}

async function refreshGrant(call: Call): Promise<void> {
  await limitRequest(call, 'token_refresh');
  const refreshToken = optionalString(await readBody(call), 'refresh_token');
  if (!refreshToken) throw validationFailed('refresh_token required');
  const outcome = await inTransaction(call, (db) => refreshSession(db, call.ctx.config, refreshToken, call.ip));
  if (outcome === 'reused') {
    throw authError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  }
  sendJson(call.res, 200, outcome);
}

/** POST /token?grant_type=password | refresh_token. */
export async function token(call: Call): Promise<void> {
  const grant = call.url.searchParams.get('grant_type');
  if (grant === 'password') return passwordGrant(call);
  if (grant === 'refresh_token') return refreshGrant(call);
  throw validationFailed(grant === 'pkce' ? 'PKCE flow is not supported by the local stack' : 'unsupported_grant_type');
}
