import { sendJson } from '../http.ts';
import { audit } from './audit.ts';
import { inTransaction, isUniqueViolation, pgErrorCode, readBody, requestedRedirect, type Call } from './call.ts';
import { emailLink } from './email-flows.ts';
import { verifyLink, type LinkType } from './emails.ts';
import { authError, emailExists, userNotFound, validationFailed } from './errors.ts';
import { issueOtp, type OtpKind } from './otp.ts';
import { hashPassword } from './passwords.ts';
import { endSessions } from './sessions.ts';
import {
  confirmEmail,
  draftUser,
  emailTaken,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  loadUserJson,
  patchMetadata,
  setEmail,
  setPassword,
  type Db,
  type UserRow,
} from './users.ts';
import {
  checkPassword,
  isUuid,
  optionalBoolean,
  optionalMetadata,
  optionalString,
  parseEmail,
  refusePhone,
  requiredEmail,
  type Body,
} from './validate.ts';

/** The admin actor written to the audit log. */
const SERVICE_ROLE = { id: '00000000-0000-0000-0000-000000000000', email: 'service_role' };

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** `ban_duration` in Go's duration syntax ("24h", "1h30m"), or "none" to lift a ban. */
function bannedUntil(duration: string): Date | null {
  if (duration === 'none') return null;
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(duration)) throw validationFailed('invalid format for ban duration');
  let ms = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
    ms += Number(amount) * UNIT_MS[unit!]!;
  const until = new Date(Date.now() + ms);
  if (!Number.isFinite(until.getTime())) throw validationFailed('invalid format for ban duration');
  return until;
}

interface Attributes {
  email?: string;
  password?: string;
  emailConfirm?: boolean;
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  /** undefined: unchanged; null: not banned. */
  bannedUntil?: Date | null;
}

/** The AdminUserAttributes supabase-js sends (phone users and custom roles are not supported). */
function attributes(body: Body, minimumPasswordLength: number): Attributes {
  refusePhone(body);
  const role = optionalString(body, 'role');
  if (role && role !== 'authenticated')
    throw validationFailed('The local stack only gives users the role "authenticated"');
  const email = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  if (password !== undefined) checkPassword(password, minimumPasswordLength);
  const ban = optionalString(body, 'ban_duration');
  return {
    email: email === undefined ? undefined : parseEmail(email),
    password,
    emailConfirm: optionalBoolean(body, 'email_confirm'),
    userMetadata: optionalMetadata(body, 'user_metadata') ?? optionalMetadata(body, 'data'),
    appMetadata: optionalMetadata(body, 'app_metadata'),
    bannedUntil: ban === undefined ? undefined : bannedUntil(ban),
  };
}

async function existingUser(db: Db, id: string): Promise<UserRow> {
  const user = isUuid(id) ? await findUserById(db, id, true) : undefined;
  if (!user) throw userNotFound();
  return user;
}

/** POST /admin/users: no email is sent; `email_confirm` confirms the address at once. */
export async function createUser(call: Call): Promise<void> {
  const attrs = attributes(await readBody(call), call.ctx.config.auth.minimumPasswordLength);
  if (!attrs.email) throw validationFailed('An email address is required');
  const draft = draftUser({
    email: attrs.email,
    passwordHash: attrs.password === undefined ? null : await hashPassword(attrs.password),
    confirmed: attrs.emailConfirm ?? false,
    userMetadata: attrs.userMetadata,
    appMetadata: attrs.appMetadata,
    bannedUntil: attrs.bannedUntil,
  });
  const user = await inTransaction(call, async (db) => {
    if (await emailTaken(db, draft.user.email!)) throw emailExists();
    await insertUser(db, draft);
    await audit(db, call.ip, 'user_signedup', SERVICE_ROLE, 'team', {
      user_id: draft.user.id,
      user_email: attrs.email,
    });
    return loadUserJson(db, (await findUserById(db, draft.user.id))!);
  }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? emailExists() : error;
  });
  sendJson(call.res, 200, user);
}

function positiveInt(value: string | null, fallback: number, max: number): number {
  if (value === null || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw validationFailed('page and per_page must be positive integers');
  return Math.min(parsed, max);
}

/** GET /admin/users?page=&per_page=: `{ users, aud }` with GoTrue's x-total-count and link headers. */
export async function listAllUsers(call: Call): Promise<void> {
  const page = positiveInt(call.url.searchParams.get('page'), 1, 1_000_000);
  const perPage = positiveInt(call.url.searchParams.get('per_page'), 50, 1000);
  const { users, total } = await inTransaction(call, (db) => listUsers(db, page, perPage));
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const link = (p: number, rel: string) => `</admin/users?page=${p}&per_page=${perPage}>; rel="${rel}"`;
  const links = [...(page < lastPage ? [link(page + 1, 'next')] : []), link(lastPage, 'last')];
  sendJson(call.res, 200, { users, aud: 'authenticated' }, { 'x-total-count': String(total), link: links.join(', ') });
}

export async function getUserById(call: Call, id: string): Promise<void> {
  const user = await inTransaction(call, async (db) => loadUserJson(db, await existingUser(db, id)));
  sendJson(call.res, 200, user);
}

/** PUT /admin/users/:id. A new password or a ban ends every session of the user. */
export async function updateUserById(call: Call, id: string): Promise<void> {
  const attrs = attributes(await readBody(call), call.ctx.config.auth.minimumPasswordLength);
  const passwordHash = attrs.password === undefined ? undefined : await hashPassword(attrs.password);
  const user = await inTransaction(call, async (db) => {
    const user = await existingUser(db, id);
    if (attrs.email && attrs.email !== user.email) {
      if (await emailTaken(db, attrs.email, user.id)) throw emailExists();
      await setEmail(db, user.id, attrs.email, attrs.emailConfirm ?? user.email_confirmed_at !== null);
    } else if (attrs.emailConfirm) {
      await confirmEmail(db, user.id);
    }
    if (passwordHash) await setPassword(db, user.id, passwordHash);
    if (attrs.userMetadata) await patchMetadata(db, user.id, 'raw_user_meta_data', attrs.userMetadata);
    if (attrs.appMetadata) {
      // The provider keys describe the identities; they are not the admin's to change.
      const { provider: _provider, providers: _providers, ...patch } = attrs.appMetadata;
      await patchMetadata(db, user.id, 'raw_app_meta_data', patch);
    }
    if (attrs.bannedUntil !== undefined) {
      await db.query('update auth.users set banned_until = $2, updated_at = now() where id = $1', [
        user.id,
        attrs.bannedUntil,
      ]);
    }
    if (passwordHash || attrs.bannedUntil) await endSessions(db, user.id, 'global');
    await audit(db, call.ip, 'user_modified', SERVICE_ROLE, 'team', { user_id: user.id });
    return loadUserJson(db, (await findUserById(db, user.id))!);
  });
  sendJson(call.res, 200, user);
}

/**
 * DELETE /admin/users/:id, body `{ should_soft_delete }`. Soft deletion keeps an anonymised row
 * (rows of the app that reference it stay valid); hard deletion removes it with its identities,
 * sessions and tokens, and is refused (409) while rows of the app still reference the user.
 */
export async function deleteUserById(call: Call, id: string): Promise<void> {
  const soft = optionalBoolean(await readBody(call), 'should_soft_delete') ?? false;
  await inTransaction(call, async (db) => {
    const user = await existingUser(db, id);
    if (soft) {
      await db.query(
        `update auth.users set deleted_at = now(), email = null, phone = null, encrypted_password = null,
           email_change = null, raw_user_meta_data = '{}', raw_app_meta_data = '{}', updated_at = now()
         where id = $1`,
        [user.id],
      );
      await db.query('delete from auth.identities where user_id = $1', [user.id]);
      await db.query('delete from auth.one_time_tokens where user_id = $1', [user.id]);
      await endSessions(db, user.id, 'global');
    } else {
      await db.query('delete from auth.users where id = $1', [user.id]);
    }
    await audit(db, call.ip, 'user_deleted', SERVICE_ROLE, 'team', { user_id: user.id, soft });
  }).catch((error: unknown) => {
    if (pgErrorCode(error) !== '23503') throw error;
    throw authError(409, 'conflict', 'Database error deleting user: other rows still reference this user');
  });
  sendJson(call.res, 200, {});
}

const LINKS: Record<string, { kind: OtpKind; type: LinkType }> = {
  signup: { kind: 'confirmation_token', type: 'signup' },
  invite: { kind: 'confirmation_token', type: 'invite' },
  magiclink: { kind: 'magiclink_token', type: 'magiclink' },
  recovery: { kind: 'recovery_token', type: 'recovery' },
  email_change_new: { kind: 'email_change_token_new', type: 'email_change' },
  email_change_current: { kind: 'email_change_token_current', type: 'email_change' },
};

/**
 * POST /invite `{ email, data }` (service role): creates the user (invited, unconfirmed) and emails
 * an invitation link that signs them in; an address that already has a confirmed account gets 422.
 */
export async function invite(call: Call): Promise<void> {
  const body = await readBody(call);
  const email = requiredEmail(body);
  const data = optionalMetadata(body, 'data') ?? {};
  const redirectTo = requestedRedirect(call, body);
  const user = await inTransaction(call, async (db) => {
    let user = await findUserByEmail(db, email, true);
    if (user?.email_confirmed_at) throw emailExists();
    if (!user) {
      const draft = draftUser({ email, passwordHash: null, confirmed: false, invited: true, userMetadata: data });
      await insertUser(db, draft);
      user = draft.user;
    }
    await db.query('update auth.users set invited_at = now(), confirmation_sent_at = now() where id = $1', [user.id]);
    await emailLink(db, call, user, 'invite', email, redirectTo, undefined);
    await audit(db, call.ip, 'user_invited', SERVICE_ROLE, 'team', { user_id: user.id, user_email: email });
    return loadUserJson(db, (await findUserById(db, user.id))!);
  }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? emailExists() : error;
  });
  sendJson(call.res, 200, user);
}

/**
 * POST /admin/generate_link: the link and code an email would carry, without sending it.
 * signup, invite and magiclink create the user when needed; recovery needs an existing one;
 * email_change_new and email_change_current are the two links of an email change (the change
 * applies once every link issued for it has been used).
 */
export async function generateLink(call: Call): Promise<void> {
  const body = await readBody(call);
  const requested = optionalString(body, 'type') ?? '';
  const link = Object.hasOwn(LINKS, requested) ? LINKS[requested] : undefined;
  if (!link) throw validationFailed('Invalid link type');
  const email = requiredEmail(body);
  const password = optionalString(body, 'password');
  if (link.type === 'signup') {
    if (!password) throw authError(422, 'validation_failed', 'Signup requires a valid password');
    checkPassword(password, call.ctx.config.auth.minimumPasswordLength);
  }
  const data = optionalMetadata(body, 'data') ?? {};
  const rawNewEmail = optionalString(body, 'new_email');
  const newEmail = rawNewEmail === undefined ? undefined : parseEmail(rawNewEmail);
  if (link.type === 'email_change' && !newEmail) throw validationFailed('new_email is required');
  const passwordHash = password && link.type === 'signup' ? await hashPassword(password) : null;
  const redirectTo = requestedRedirect(call, body);
  const answer = await inTransaction(call, async (db) => {
    let user = await findUserByEmail(db, email, true);
    const creates = link.type === 'signup' || link.type === 'invite' || link.type === 'magiclink';
    if (user && (link.type === 'signup' || link.type === 'invite') && user.email_confirmed_at) throw emailExists();
    if (!user && !creates) throw userNotFound();
    if (!user) {
      const draft = draftUser({
        email,
        passwordHash,
        confirmed: false,
        invited: link.type === 'invite',
        userMetadata: data,
      });
      await insertUser(db, draft);
      user = draft.user;
    }
    let relatesTo = email;
    if (link.type === 'email_change' && newEmail) {
      if (await emailTaken(db, newEmail, user.id)) throw emailExists();
      await db.query('update auth.users set email_change = $2, email_change_sent_at = now() where id = $1', [
        user.id,
        newEmail,
      ]);
      if (link.kind === 'email_change_token_new') relatesTo = newEmail;
    }
    const issued = await issueOtp(db, user.id, link.kind, relatesTo);
    return {
      ...(await loadUserJson(db, (await findUserById(db, user.id))!)),
      action_link: verifyLink(call.ctx.config, link.type, issued.token, redirectTo),
      email_otp: issued.code,
      hashed_token: issued.token,
      redirect_to: redirectTo,
      verification_type: link.type,
    };
  });
  sendJson(call.res, 200, answer);
}
