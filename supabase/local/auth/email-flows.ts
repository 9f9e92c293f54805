import { HttpError, sendJson } from '../http.ts';
import { audit } from './audit.ts';
import {
  clientMeta,
  inTransaction,
  isUniqueViolation,
  readBody,
  requestedRedirect,
  safeRedirect,
  type Call,
} from './call.ts';
import { sendAuthEmail, type LinkType } from './emails.ts';
import { authError, emailExists, otpExpired, validationFailed } from './errors.ts';
import { consumeCode, consumeLink, issueOtp, type OtpKind, type OtpMatch } from './otp.ts';
import {
  codeChallenge,
  ensureFlowTable,
  issueAuthCode,
  PKCE_PREFIX,
  saveFlowState,
  type CodeChallenge,
} from './pkce.ts';
import { countEmailSent, limitRequest } from './rate-limit.ts';
import { isBanned, startSession, type SessionAnswer } from './sessions.ts';
import {
  confirmEmail,
  draftUser,
  emailTaken,
  findUserByEmail,
  findUserById,
  findUserByNewEmail,
  insertUser,
  setEmail,
  type Db,
  type UserRow,
} from './users.ts';
import {
  optionalBoolean,
  optionalMetadata,
  optionalString,
  parseEmail,
  refusePhone,
  requiredEmail,
} from './validate.ts';

/** The code challenge of a request, with the flow-state table ready (before the request's transaction). */
export async function pkceOf(call: Call, body: Record<string, unknown>): Promise<CodeChallenge | undefined> {
  const pkce = codeChallenge(body);
  if (pkce) await ensureFlowTable(call.ctx.db.pool);
  return pkce;
}

/** Issues a link and code for `type` and emails it (with a flow state in the PKCE flow). */
export async function emailLink(
  db: Db,
  call: Call,
  user: UserRow,
  type: LinkType,
  to: string,
  redirectTo: string,
  pkce: CodeChallenge | undefined,
): Promise<void> {
  const kind = VERIFY[type].kinds[0]!;
  if (pkce) await saveFlowState(db, user.id, type, pkce);
  await sendAuthEmail(db, call.ctx.config, to, type, await issueOtp(db, user.id, kind, to), redirectTo, !!pkce);
}

/**
 * POST /recover: a recovery link and code for a known address. An unknown address gets the
 * same `{}` and uses up the same per-address email quota, so the answer tells nothing about accounts.
 */
export async function recover(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  const pkce = await pkceOf(call, body);
  const email = requiredEmail(body);
  const redirectTo = requestedRedirect(call, body);
  await inTransaction(call, async (db) => {
    const user = await findUserByEmail(db, email, true);
    if (!user) return countEmailSent(db, call.ctx.config, email, false);
    await db.query('update auth.users set recovery_sent_at = now() where id = $1', [user.id]);
    await emailLink(db, call, user, 'recovery', email, redirectTo, pkce);
    await audit(db, call.ip, 'user_recovery_requested', user, 'user');
  });
  sendJson(call.res, 200, {});
}

/**
 * POST /otp (magic link / email OTP): one email with a link and a 6-digit code. Unknown addresses
 * get an account when `create_user` is true (the default) and sign-ups are enabled; otherwise
 * they get the same `{}` as known ones (GoTrue would answer 422 there, which tells that the
 * address has no account).
 */
export async function otp(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  const pkce = await pkceOf(call, body);
  refusePhone(body);
  const email = requiredEmail(body);
  const createUser = (optionalBoolean(body, 'create_user') ?? true) && call.ctx.config.auth.enableSignup;
  const data = optionalMetadata(body, 'data') ?? {};
  const redirectTo = requestedRedirect(call, body);
  try {
    await inTransaction(call, async (db) => {
      let user = await findUserByEmail(db, email, true);
      if (!user) {
        if (!createUser) return countEmailSent(db, call.ctx.config, email, false);
        const draft = draftUser({
          email,
          passwordHash: null,
          confirmed: false,
          userMetadata: data,
          identityInMetadata: true,
        });
        await insertUser(db, draft);
        await audit(db, call.ip, 'user_signedup', draft.user, 'team', { provider: 'email' });
        user = draft.user;
      }
      await emailLink(db, call, user, 'magiclink', email, redirectTo, pkce);
    });
  } catch (error) {
    // A concurrent request created the account and sent the email.
    if (!isUniqueViolation(error)) throw error;
  }
  sendJson(call.res, 200, {});
}

type VerifyType = LinkType | 'email';

/** Which tokens each verify `type` accepts, and the `amr` method the session records. */
const VERIFY: Record<VerifyType, { kinds: OtpKind[]; method: string }> = {
  signup: { kinds: ['confirmation_token'], method: 'email/signup' },
  invite: { kinds: ['confirmation_token'], method: 'invite' },
  magiclink: { kinds: ['magiclink_token'], method: 'magiclink' },
  email: { kinds: ['magiclink_token', 'confirmation_token'], method: 'otp' },
  recovery: { kinds: ['recovery_token'], method: 'recovery' },
  email_change: { kinds: ['email_change_token_new', 'email_change_token_current'], method: 'email_change' },
};

const isVerifyType = (value: unknown): value is VerifyType => typeof value === 'string' && Object.hasOwn(VERIFY, value);

/** The `amr` method of a session started by a link of `type` (PKCE exchanges record it too). */
export const amrMethod = (type: string): string => (isVerifyType(type) ? VERIFY[type].method : 'otp');

type Proof = { link: string } | { email: string; code: string };

/** What GoTrue answers when one of the two links of a double-confirmed email change is used. */
const ONE_OF_TWO_ACCEPTED = 'Confirmation link accepted. Please proceed to confirm link sent to the other email';

/** An email change proven by one of its tokens: applied once both addresses have confirmed. */
async function applyEmailChange(db: Db, user: UserRow, match: OtpMatch): Promise<'done' | 'partial'> {
  const expected = match.kind === 'email_change_token_new' ? user.email_change : user.email;
  if (!user.email_change || expected !== match.relatesTo) throw otpExpired();
  const { rowCount } = await db.query(
    `select 1 from auth.one_time_tokens
     where user_id = $1 and token_type in ('email_change_token_new', 'email_change_token_current')`,
    [user.id],
  );
  if (rowCount) return 'partial';
  if (await emailTaken(db, user.email_change, user.id)) throw emailExists();
  await setEmail(db, user.id, user.email_change, true);
  return 'done';
}

/** Uses up a link or code and applies what it proves (address confirmed or changed). */
async function useProof(db: Db, call: Call, type: VerifyType, proof: Proof): Promise<UserRow | 'partial'> {
  const { kinds, method } = VERIFY[type];
  let match: OtpMatch | undefined;
  if ('link' in proof) {
    match = await consumeLink(db, proof.link, kinds);
  } else {
    // An email change's code is checked against the new address, then against the current one.
    const owner =
      (type === 'email_change' ? await findUserByNewEmail(db, proof.email) : undefined) ??
      (await findUserByEmail(db, proof.email, true));
    match = owner && (await consumeCode(db, owner.id, proof.code, kinds));
  }
  const user = match && (await findUserById(db, match.userId, true));
  if (!match || !user) throw otpExpired();
  if (isBanned(user)) throw authError(403, 'user_banned', 'User is banned');
  if (match.kind === 'email_change_token_new' || match.kind === 'email_change_token_current') {
    if ((await applyEmailChange(db, user, match)) === 'partial') return 'partial';
  } else {
    // A token sent to an address the user has since left proves nothing.
    if (user.email !== match.relatesTo) throw otpExpired();
    await confirmEmail(db, user.id);
  }
  await audit(db, call.ip, 'login', user, 'account', { provider: 'email', method });
  return user;
}

/** POST /verify: `{ type, token_hash }` or `{ type, email, token }` → a session. */
export async function verifyPost(call: Call): Promise<void> {
  await limitRequest(call, 'verify');
  const body = await readBody(call);
  const type = body.type;
  if (!isVerifyType(type)) throw validationFailed('Verify requires a verification type');
  const tokenHash = optionalString(body, 'token_hash');
  const code = optionalString(body, 'token');
  const email = optionalString(body, 'email');
  let proof: Proof;
  if (tokenHash) proof = { link: tokenHash };
  else if (code && email) proof = { email: parseEmail(email), code: code.trim() };
  else throw validationFailed('Verify requires a token_hash, or an email and a token');
  const answer = await inTransaction(call, async (db): Promise<SessionAnswer | Record<string, unknown>> => {
    const user = await useProof(db, call, type, proof);
    if (user === 'partial') return { msg: ONE_OF_TWO_ACCEPTED, code: 200 };
    return startSession(db, call.ctx.config, user, VERIFY[type].method, clientMeta(call));
  });
  sendJson(call.res, 200, answer);
}

function redirect(call: Call, target: string, params: Record<string, string>, inQuery = false): void {
  const url = new URL(target);
  if (inQuery) for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  else url.hash = new URLSearchParams(params).toString();
  call.res.writeHead(303, { location: url.toString() });
  call.res.end();
}

/**
 * GET /verify?token=…&type=…&redirect_to=… (the email link): redirects to `redirect_to` (or the
 * site) with the session in the fragment; in the PKCE flow (`pkce_` token) with `?code=` to
 * exchange instead; on failure with `error=access_denied&error_code=…`.
 */
export async function verifyGet(call: Call): Promise<void> {
  await limitRequest(call, 'verify');
  const params = call.url.searchParams;
  const target = safeRedirect(call.ctx.config, params.get('redirect_to'));
  const type = params.get('type');
  const token = params.get('token');
  const pkce = token?.startsWith(PKCE_PREFIX) ?? false;
  try {
    if (!token || !isVerifyType(type)) throw otpExpired();
    if (pkce) await ensureFlowTable(call.ctx.db.pool);
    const outcome = await inTransaction(call, async (db): Promise<Record<string, string>> => {
      const user = await useProof(db, call, type, { link: token });
      if (user === 'partial') return { message: ONE_OF_TWO_ACCEPTED };
      if (pkce) return { code: await issueAuthCode(db, user.id, type) };
      const session = await startSession(db, call.ctx.config, user, VERIFY[type].method, clientMeta(call));
      return {
        access_token: session.access_token,
        expires_at: String(session.expires_at),
        expires_in: String(session.expires_in),
        refresh_token: session.refresh_token,
        token_type: session.token_type,
        type,
      };
    });
    redirect(call, target, outcome, 'code' in outcome);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const code = String(error.body.error_code ?? 'otp_expired');
    const described = {
      error: 'access_denied',
      error_code: code,
      error_description: code === 'otp_expired' ? 'Email link is invalid or has expired' : error.message,
    };
    redirect(call, target, described, pkce);
  }
}

/**
 * POST /resend `{ type: signup | email_change, email }`: the confirmation email again. As GoTrue:
 * `{}` whatever the address (unknown, already confirmed, no change pending), phone types refused.
 */
export async function resend(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  const type = optionalString(body, 'type');
  if (type === 'sms' || type === 'phone_change')
    throw authError(400, 'phone_provider_disabled', 'Phone logins are disabled');
  if (type !== 'signup' && type !== 'email_change') {
    throw validationFailed('Missing one of these types: signup, email_change, sms, phone_change');
  }
  const pkce = await pkceOf(call, body);
  const email = requiredEmail(body);
  const redirectTo = requestedRedirect(call, body);
  await inTransaction(call, async (db) => {
    const user = await findUserByEmail(db, email, true);
    if (!user) return countEmailSent(db, call.ctx.config, email, false);
    if (type === 'signup') {
      if (user.email_confirmed_at) return countEmailSent(db, call.ctx.config, email, false);
      await db.query('update auth.users set confirmation_sent_at = now() where id = $1', [user.id]);
      await emailLink(db, call, user, 'signup', email, redirectTo, pkce);
      await audit(db, call.ip, 'user_confirmation_requested', user, 'user');
      return;
    }
    if (!user.email_change) return countEmailSent(db, call.ctx.config, email, false);
    await sendEmailChange(db, call, user, user.email_change, redirectTo, pkce);
  });
  sendJson(call.res, 200, {});
}

/**
 * The email change links: to the new address, and with double_confirm_changes to the current
 * one too (the change is applied once both are used).
 */
export async function sendEmailChange(
  db: Db,
  call: Call,
  user: UserRow,
  newEmail: string,
  redirectTo: string,
  pkce: CodeChallenge | undefined,
): Promise<void> {
  await db.query('update auth.users set email_change = $2, email_change_sent_at = now() where id = $1', [
    user.id,
    newEmail,
  ]);
  await emailLink(db, call, user, 'email_change', newEmail, redirectTo, pkce);
  if (call.ctx.config.auth.doubleConfirmChanges && user.email) {
    const issued = await issueOtp(db, user.id, 'email_change_token_current', user.email);
    await sendAuthEmail(db, call.ctx.config, user.email, 'email_change_current', issued, redirectTo, !!pkce);
  } else {
    await db.query(
      `delete from auth.one_time_tokens where user_id = $1 and token_type = 'email_change_token_current'`,
      [user.id],
    );
  }
}
