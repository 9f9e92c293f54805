import { sendJson } from '../http.ts';
import { audit } from './audit.ts';
import { inTransaction, readBody, requestedRedirect, type Call } from './call.ts';
import { sendAuthEmail } from './emails.ts';
import { authError, emailExists, validationFailed } from './errors.ts';
import { loadCaller, verifiedClaims } from './guard.ts';
import { issueOtp } from './otp.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { endSessions } from './sessions.ts';
import { emailTaken, findUserById, loadUserJson, patchMetadata, setPassword } from './users.ts';
import { checkPassword, optionalObject, optionalString, parseEmail, refusePhone, refusePkce } from './validate.ts';

/** GET /user: the caller, as long as their session exists. */
export async function getUser(call: Call): Promise<void> {
  const claims = await verifiedClaims(call.ctx.config, call.req);
  const user = await inTransaction(call, async (db) => loadUserJson(db, (await loadCaller(db, claims)).user));
  sendJson(call.res, 200, user);
}

/**
 * PUT /user: `data` (merged into user_metadata), `password` (other sessions end), `email`
 * (a link and code go to the new address; the address changes once they are used).
 */
export async function updateUser(call: Call): Promise<void> {
  const claims = await verifiedClaims(call.ctx.config, call.req);
  const body = await readBody(call);
  refusePkce(body);
  refusePhone(body);
  const rawEmail = optionalString(body, 'email');
  const newEmail = rawEmail === undefined ? undefined : parseEmail(rawEmail);
  const password = optionalString(body, 'password');
  const data = optionalObject(body, 'data');
  const redirectTo = requestedRedirect(call, body);
  let passwordHash: string | undefined;
  if (password !== undefined) {
    checkPassword(password);
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
      await setPassword(db, user.id, passwordHash);
      await endSessions(db, user.id, 'others', sessionId);
      await audit(db, call.ip, 'user_updated_password', user, 'user');
    }
    if (newEmail && newEmail !== user.email) {
      if (await emailTaken(db, newEmail, user.id)) throw emailExists();
      await db.query('update auth.users set email_change = $2, email_change_sent_at = now() where id = $1', [
        user.id,
        newEmail,
      ]);
      const otp = await issueOtp(db, user.id, 'email_change_token_new', newEmail);
      await sendAuthEmail(db, call.ctx.config, newEmail, 'email_change', otp, redirectTo);
    }
    await audit(db, call.ip, 'user_modified', user, 'user');
    return loadUserJson(db, (await findUserById(db, user.id))!);
  });
  sendJson(call.res, 200, updated);
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
