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
} from './users.ts';
import {
  optionalBoolean,
  optionalObject,
  optionalString,
  parseEmail,
  refusePhone,
  refusePkce,
  requiredEmail,
} from './validate.ts';

/**
 * POST /recover: a recovery link and code for a known address. An unknown address gets the
 * same `{}` and uses up the same email quota, so the answer tells nothing about accounts.
 */
export async function recover(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  refusePkce(body);
  const email = requiredEmail(body);
  const redirectTo = requestedRedirect(call, body);
  await inTransaction(call, async (db) => {
    const user = await findUserByEmail(db, email, true);
    if (!user) return countEmailSent(db, call.ctx.config);
    await db.query('update auth.users set recovery_sent_at = now() where id = $1', [user.id]);
    await sendAuthEmail(
      db,
      call.ctx.config,
      email,
      'recovery',
      await issueOtp(db, user.id, 'recovery_token', email),
      redirectTo,
    );
    await audit(db, call.ip, 'user_recovery_requested', user, 'user');
  });
  sendJson(call.res, 200, {});
}

/**
 * POST /otp (magic link / email OTP): one email with a link and a 6-digit code. Unknown addresses
 * get an account when `create_user` is true (the default); otherwise they get the same `{}` as
 * known ones (GoTrue would answer 422 there, which tells that the address has no account).
 */
export async function otp(call: Call): Promise<void> {
  await limitRequest(call, 'sign_in');
  const body = await readBody(call);
  refusePkce(body);
  refusePhone(body);
  const email = requiredEmail(body);
  const createUser = optionalBoolean(body, 'create_user') ?? true;
  const data = optionalObject(body, 'data') ?? {};
  const redirectTo = requestedRedirect(call, body);
  try {
    await inTransaction(call, async (db) => {
      let user = await findUserByEmail(db, email, true);
      if (!user) {
        if (!createUser) return countEmailSent(db, call.ctx.config);
        const draft = draftUser({ email, passwordHash: null, confirmed: false, userMetadata: data });
        await insertUser(db, draft);
        await audit(db, call.ip, 'user_signedup', draft.user, 'team', { provider: 'email' });
        user = draft.user;
      }
      const issued = await issueOtp(db, user.id, 'magiclink_token', email);
      await sendAuthEmail(db, call.ctx.config, email, 'magiclink', issued, redirectTo);
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
  email_change: { kinds: ['email_change_token_new'], method: 'email_change' },
};

const isVerifyType = (value: unknown): value is VerifyType => typeof value === 'string' && Object.hasOwn(VERIFY, value);

type Proof = { link: string } | { email: string; code: string };

/** Uses up a link or code, applies what it proves (address confirmed or changed) and starts a session. */
async function verifyAndSignIn(db: Db, call: Call, type: VerifyType, proof: Proof): Promise<SessionAnswer> {
  const { kinds, method } = VERIFY[type];
  let match: OtpMatch | undefined;
  if ('link' in proof) {
    match = await consumeLink(db, proof.link, kinds);
  } else {
    const owner =
      type === 'email_change'
        ? await findUserByNewEmail(db, proof.email)
        : await findUserByEmail(db, proof.email, true);
    match = owner && (await consumeCode(db, owner.id, proof.code, kinds));
  }
  const user = match && (await findUserById(db, match.userId, true));
  if (!match || !user) throw otpExpired();
  if (isBanned(user)) throw authError(403, 'user_banned', 'User is banned');
  if (match.kind === 'email_change_token_new') {
    if (user.email_change !== match.relatesTo) throw otpExpired();
    if (await emailTaken(db, match.relatesTo, user.id)) throw emailExists();
    await setEmail(db, user.id, match.relatesTo, true);
  } else {
    // A token sent to an address the user has since left proves nothing.
    if (user.email !== match.relatesTo) throw otpExpired();
    await confirmEmail(db, user.id);
  }
  await audit(db, call.ip, 'login', user, 'account', { provider: 'email', method });
  return startSession(db, call.ctx.config, user, method, clientMeta(call));
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
  const session = await inTransaction(call, (db) => verifyAndSignIn(db, call, type, proof));
  sendJson(call.res, 200, session);
}

function redirect(call: Call, target: string, fragment: Record<string, string>): void {
  const url = new URL(target);
  url.hash = new URLSearchParams(fragment).toString();
  call.res.writeHead(303, { location: url.toString() });
  call.res.end();
}

/**
 * GET /verify?token=…&type=…&redirect_to=… (the email link): redirects to `redirect_to` (or the
 * site) with the session in the fragment, or with `error=access_denied&error_code=…`.
 */
export async function verifyGet(call: Call): Promise<void> {
  await limitRequest(call, 'verify');
  const params = call.url.searchParams;
  const target = safeRedirect(call.ctx.config.siteUrl, params.get('redirect_to'));
  const type = params.get('type');
  const token = params.get('token');
  try {
    if (!token || !isVerifyType(type)) throw otpExpired();
    const session = await inTransaction(call, (db) => verifyAndSignIn(db, call, type, { link: token }));
    redirect(call, target, {
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      refresh_token: session.refresh_token,
      token_type: session.token_type,
      type,
    });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const code = String(error.body.error_code ?? 'otp_expired');
    redirect(call, target, {
      error: 'access_denied',
      error_code: code,
      error_description: code === 'otp_expired' ? 'Email link is invalid or has expired' : error.message,
    });
  }
}
