import { sendJson } from '../http.ts';
import { audit } from './audit.ts';
import { clientMeta, inTransaction, isUniqueViolation, readBody, requestedRedirect, type Call } from './call.ts';
import { amrMethod, emailLink, pkceOf } from './email-flows.ts';
import { authError, invalidCredentials, validationFailed } from './errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { ensureFlowTable, exchangeAuthCode } from './pkce.ts';
import { limitRequest } from './rate-limit.ts';
import { isBanned, refreshSession, startSession } from './sessions.ts';
import { randomToken } from './tokens.ts';
import { draftUser, findUserByEmail, findUserById, insertUser, loadUserJson, userJson } from './users.ts';
import { checkPassword, optionalMetadata, optionalString, parseEmail, refusePhone } from './validate.ts';

export const userAlreadyExists = () => authError(422, 'user_already_exists', 'User already registered');

/**
 * POST /signup, as GoTrue answers it for config.toml's enable_confirmations:
 * - off: the new user is confirmed and gets a session; an existing address gets 422
 *   `user_already_exists`;
 * - on: a confirmation email, and the user without a session; an existing confirmed address gets
 *   an obfuscated user (random id, no identities) and no email, so the answer does not tell; an
 *   existing unconfirmed one gets the confirmation email again.
 * (GoTrue with confirmations off also signs in an existing unconfirmed address without checking
 * the password; here that address gets 422 like any other existing one.)
 */
export async function signup(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const settings = call.ctx.config.auth;
  if (!settings.enableSignup) throw authError(422, 'signup_disabled', 'Signups not allowed for this instance');
  const body = await readBody(call);
  const pkce = await pkceOf(call, body);
  refusePhone(body);
  const rawEmail = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  if (!rawEmail && !password) throw authError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
  if (!rawEmail) throw validationFailed('To signup, please provide your email');
  const email = parseEmail(rawEmail);
  if (!password) throw authError(422, 'validation_failed', 'Signup requires a valid password');
  checkPassword(password, settings.minimumPasswordLength);
  const data = optionalMetadata(body, 'data') ?? {};
  const redirectTo = requestedRedirect(call, body);
  // bcrypt runs outside the transaction and for every case: same cost, and PGlite's single session is not held.
  const draft = draftUser({
    email,
    passwordHash: await hashPassword(password),
    confirmed: !settings.enableConfirmations,
    userMetadata: data,
    identityInMetadata: true,
  });
  const answer = await inTransaction(call, async (db) => {
    const existing = await findUserByEmail(db, email, true);
    if (existing && (existing.email_confirmed_at || !settings.enableConfirmations)) {
      await audit(db, call.ip, 'user_repeated_signup', existing, 'user', { provider: 'email' });
      return 'exists' as const;
    }
    const user = existing ?? draft.user;
    if (!existing) {
      await insertUser(db, draft);
      await audit(db, call.ip, 'user_signedup', user, 'team', { provider: 'email' });
    }
    if (!settings.enableConfirmations) {
      return startSession(db, call.ctx.config, user, 'password', clientMeta(call));
    }
    await db.query('update auth.users set confirmation_sent_at = now() where id = $1', [user.id]);
    await emailLink(db, call, user, 'signup', email, redirectTo, pkce);
    await audit(db, call.ip, 'user_confirmation_requested', user, 'user', { provider: 'email' });
    return loadUserJson(db, (await findUserById(db, user.id))!);
  }).catch((error: unknown) => {
    // A concurrent sign-up took the address: answer as for any existing address.
    if (isUniqueViolation(error)) return 'exists' as const;
    throw error;
  });
  if (answer !== 'exists') return sendJson(call.res, 200, answer);
  if (!settings.enableConfirmations) throw userAlreadyExists();
  sendJson(call.res, 200, obfuscatedUser(draft.user, data));
}

/** GoTrue's answer for an address that already has an account: a user that does not exist. */
function obfuscatedUser(draft: ReturnType<typeof draftUser>['user'], data: Record<string, unknown>) {
  const now = new Date();
  return userJson(
    {
      ...draft,
      email_confirmed_at: null,
      confirmed_at: null,
      confirmation_sent_at: now,
      raw_user_meta_data: data,
      raw_app_meta_data: { provider: 'email', providers: ['email'] },
    },
    [],
  );
}

/** Compared against when the address is unknown, so that both cases cost one bcrypt. */
let dummyHash: Promise<string> | undefined;

async function passwordGrant(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  refusePhone(body);
  const rawEmail = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  if (!rawEmail) throw validationFailed('missing email or phone');
  const email = parseEmail(rawEmail);
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

/** `{ auth_code, code_verifier }`: the session of a PKCE flow whose email link was followed. */
async function pkceGrant(call: Call): Promise<void> {
  await limitRequest(call, 'verify');
  const body = await readBody(call);
  const authCode = optionalString(body, 'auth_code');
  const verifier = optionalString(body, 'code_verifier');
  if (!authCode || !verifier) {
    throw validationFailed('invalid request: both auth code and code verifier should be non-empty');
  }
  await ensureFlowTable(call.ctx.db.pool);
  const session = await inTransaction(call, async (db) => {
    const { userId, purpose } = await exchangeAuthCode(db, authCode, verifier);
    const user = await findUserById(db, userId, true);
    if (!user) throw authError(404, 'user_not_found', 'User not found');
    if (isBanned(user)) throw authError(400, 'user_banned', 'User is banned');
    return startSession(db, call.ctx.config, user, amrMethod(purpose), clientMeta(call));
  });
  sendJson(call.res, 200, session);
}

/** POST /token?grant_type=password | refresh_token | pkce. */
export async function token(call: Call): Promise<void> {
  const grant = call.url.searchParams.get('grant_type');
  if (grant === 'password') return passwordGrant(call);
  if (grant === 'refresh_token') return refreshGrant(call);
  if (grant === 'pkce') return pkceGrant(call);
  throw validationFailed('unsupported_grant_type');
}
