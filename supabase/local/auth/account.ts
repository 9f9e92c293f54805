import { sendJson } from '../http.ts';
import { audit } from './audit.ts';
import { inTransaction, readBody, requestedRedirect, type Call } from './call.ts';
import { pkceOf, sendEmailChange } from './email-flows.ts';
import { sendAuthEmail } from './emails.ts';
import { authError, emailExists, validationFailed } from './errors.ts';
import { loadCaller, verifiedClaims } from './guard.ts';
import { consumeCode, issueOtp } from './otp.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { endSessions } from './sessions.ts';
import { emailTaken, findUserById, loadUserJson, patchMetadata, setPassword, type Db, type UserRow } from './users.ts';
import { checkPassword, optionalMetadata, optionalString, parseEmail, refusePhone } from './validate.ts';

/** GET /user: the caller, as long as their session exists. */
export async function getUser(call: Call): Promise<void> {
  const claims = await verifiedClaims(call.ctx.config, call.req);
  const user = await inTransaction(call, async (db) => loadUserJson(db, (await loadCaller(db, claims)).user));
  sendJson(call.res, 200, user);
}

/** The reauthentication code (`nonce`) of GET /reauthenticate, used up; refused when wrong or old. */
async function useNonce(db: Db, user: UserRow, nonce: string): Promise<void> {
  if (!(await consumeCode(db, user.id, nonce.trim(), ['reauthentication_token']))) {
    throw authError(400, 'reauthentication_not_valid', 'Nonce has expired or is invalid');
  }
}

/**
 * PUT /user: `data` (merged into user_metadata), `password` (other sessions end; with
 * secure_password_change it needs the `nonce` of GET /reauthenticate), `email` (links go to the
 * new address, and with double_confirm_changes to the current one; the address changes once used).
 */
export async function updateUser(call: Call): Promise<void> {
  const claims = await verifiedClaims(call.ctx.config, call.req);
  const body = await readBody(call);
  const pkce = await pkceOf(call, body);
  refusePhone(body);
  const rawEmail = optionalString(body, 'email');
  const newEmail = rawEmail === undefined ? undefined : parseEmail(rawEmail);
  const password = optionalString(body, 'password');
  const nonce = optionalString(body, 'nonce');
  const data = optionalMetadata(body, 'data');
  const redirectTo = requestedRedirect(call, body);
  const settings = call.ctx.config.auth;
  let passwordHash: string | undefined;
  if (password !== undefined) {
    if (settings.securePasswordChange && !nonce) {
      throw authError(400, 'reauthentication_needed', 'Password update requires reauthentication');
    }
    checkPassword(password, settings.minimumPasswordLength);
    // bcrypt outside the write transaction (PGlite's single session is not held meanwhile).
    const { user } = await inTransaction(call, (db) => loadCaller(db, claims));
    if (user.encrypted_password && (await verifyPassword(password, user.encrypted_password))) {
      throw authError(422, 'same_password', 'New password should be different from the old password.');
    }
    passwordHash = await hashPassword(password);
  }
  const updated = await inTransaction(call, async (db) => {
    const { user, sessionId } = await loadCaller(db, claims);
    if (data) await patchMetadata(db, user.id, 'raw_user_meta_data', data);
    if (passwordHash) {
      if (nonce) await useNonce(db, user, nonce);
      await setPassword(db, user.id, passwordHash);
      await endSessions(db, user.id, 'others', sessionId);
      await audit(db, call.ip, 'user_updated_password', user, 'user');
    }
    if (newEmail && newEmail !== user.email) {
      if (await emailTaken(db, newEmail, user.id)) throw emailExists();
      await sendEmailChange(db, call, user, newEmail, redirectTo, pkce);
    }
    await audit(db, call.ip, 'user_modified', user, 'user');
    return loadUserJson(db, (await findUserById(db, user.id))!);
  });
  sendJson(call.res, 200, updated);
}

/** GET /reauthenticate: a 6-digit code to the caller's confirmed address, for PUT /user's `nonce`. */
export async function reauthenticate(call: Call): Promise<void> {
  const claims = await verifiedClaims(call.ctx.config, call.req);
  await inTransaction(call, async (db) => {
    const { user } = await loadCaller(db, claims);
    if (!user.email) {
      throw authError(
        422,
        'validation_failed',
        'Reauthentication requires the user to have an email or a phone number',
      );
    }
    if (!user.email_confirmed_at) throw authError(400, 'email_not_confirmed', 'Please verify your email first.');
    const issued = await issueOtp(db, user.id, 'reauthentication_token', user.email);
    await sendAuthEmail(db, call.ctx.config, user.email, 'reauthentication', issued, call.ctx.config.siteUrl);
    await audit(db, call.ip, 'user_reauthenticate_requested', user, 'user');
  });
  sendJson(call.res, 200, {});
}

const SCOPES = ['global', 'local', 'others'] as const;
type Scope = (typeof SCOPES)[number];
const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** POST /logout?scope=global|local|others: ends sessions (their refresh tokens go with them); 204. */
export async function logout(call: Call): Promise<void> {
  const scope = call.url.searchParams.get('scope') ?? 'global';
  if (!isScope(scope)) throw validationFailed('scope must be one of global, local, others');
  const claims = await verifiedClaims(call.ctx.config, call.req);
  await inTransaction(call, async (db) => {
    const { user, sessionId } = await loadCaller(db, claims);
    await endSessions(db, user.id, scope, sessionId);
    await audit(db, call.ip, 'logout', user, 'account', { scope });
  });
  call.res.writeHead(204);
  call.res.end();
}
