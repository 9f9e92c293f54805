import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { MAX_METADATA_BYTES, metadataTooLarge } from './validate.ts';

export type Db = pg.PoolClient;

/** The columns of auth.users the service reads. */
export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, confirmation_sent_at,
  recovery_sent_at, email_change, email_change_sent_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, phone, phone_confirmed_at, confirmed_at, banned_until, is_anonymous`;

/** Soft-deleted users are invisible to every lookup. */
async function findUser(db: Db, where: string, value: string, lock = false): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where ${where} and deleted_at is null${lock ? ' for update' : ''}`,
    [value],
  );
  return rows[0];
}

export const findUserById = (db: Db, id: string, lock = false): Promise<UserRow | undefined> =>
  findUser(db, 'id = $1', id, lock);

export const findUserByEmail = (db: Db, email: string, lock = false): Promise<UserRow | undefined> =>
  findUser(db, 'lower(email) = lower($1) and is_sso_user = false', email, lock);

/** The user who asked to move to `email` and has not confirmed yet. */
export const findUserByNewEmail = (db: Db, email: string): Promise<UserRow | undefined> =>
  findUser(db, 'lower(email_change) = lower($1)', email, true);

export async function emailTaken(db: Db, email: string, exceptUserId?: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from auth.users where lower(email) = lower($1) and is_sso_user = false and id is distinct from $2::uuid`,
    [email, exceptUserId ?? null],
  );
  return (rowCount ?? 0) > 0;
}

const IDENTITY_COLUMNS =
  'id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email';

export async function identitiesOf(db: Db, userId: string): Promise<IdentityRow[]> {
  const { rows } = await db.query<IdentityRow>(
    `select ${IDENTITY_COLUMNS} from auth.identities where user_id = $1 order by created_at`,
    [userId],
  );
  return rows;
}

/** `app_metadata` always names the email provider, even for rows created by hand in SQL. */
export function appMetadata(user: UserRow): Record<string, unknown> {
  return { provider: 'email', providers: ['email'], ...user.raw_app_meta_data };
}

const iso = (date: Date | null): string | undefined => date?.toISOString();

/** A user as GoTrue serialises it (unset timestamps are left out, as Go's `omitempty` does). */
export function userJson(user: UserRow, identities: IdentityRow[]): Record<string, unknown> {
  return {
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.confirmed_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    invited_at: iso(user.invited_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: appMetadata(user),
    user_metadata: user.raw_user_meta_data,
    identities: identities.map((identity) => ({
      identity_id: identity.id,
      id: identity.provider_id,
      user_id: identity.user_id,
      identity_data: identity.identity_data,
      provider: identity.provider,
      last_sign_in_at: iso(identity.last_sign_in_at),
      created_at: identity.created_at.toISOString(),
      updated_at: identity.updated_at.toISOString(),
      email: identity.email ?? undefined,
    })),
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    banned_until: iso(user.banned_until),
    is_anonymous: user.is_anonymous,
  };
}

export async function loadUserJson(db: Db, user: UserRow): Promise<Record<string, unknown>> {
  return userJson(user, await identitiesOf(db, user.id));
}

export interface NewUser {
  email: string;
  passwordHash: string | null;
  confirmed: boolean;
  invited?: boolean;
  userMetadata?: Record<string, unknown>;
  /**
   * Copy the identity's claims (sub, email, email_verified, phone_verified) into user_metadata,
   * as GoTrue's sign-up does; the admin API stores only the metadata it was given.
   */
  identityInMetadata?: boolean;
  appMetadata?: Record<string, unknown>;
  bannedUntil?: Date | null;
}

/**
 * A new user and their email identity, built in memory with every value the rows will hold.
 * Sign-up answers an existing address with a draft that is never stored: same shape, same fields.
 */
export function draftUser(params: NewUser): { user: UserRow; identity: IdentityRow } {
  const id = randomUUID();
  const now = new Date();
  const confirmedAt = params.confirmed ? now : null;
  const identityData = {
    sub: id,
    email: params.email,
    email_verified: params.confirmed,
    phone_verified: false,
  };
  const user: UserRow = {
    id,
    aud: 'authenticated',
    role: 'authenticated',
    email: params.email,
    encrypted_password: params.passwordHash,
    email_confirmed_at: confirmedAt,
    invited_at: params.invited ? now : null,
    confirmation_sent_at: null,
    recovery_sent_at: null,
    email_change: null,
    email_change_sent_at: null,
    last_sign_in_at: null,
    raw_app_meta_data: { ...params.appMetadata, provider: 'email', providers: ['email'] },
    raw_user_meta_data: params.identityInMetadata
      ? { ...params.userMetadata, ...identityData }
      : { ...params.userMetadata },
    created_at: now,
    updated_at: now,
    phone: null,
    phone_confirmed_at: null,
    confirmed_at: confirmedAt,
    banned_until: params.bannedUntil ?? null,
    is_anonymous: false,
  };
  const identity: IdentityRow = {
    id: randomUUID(),
    provider_id: id,
    user_id: id,
    identity_data: identityData,
    provider: 'email',
    last_sign_in_at: null,
    created_at: now,
    updated_at: now,
    email: params.email,
  };
  return { user, identity };
}

/** Stores a draft (user row and email identity). */
export async function insertUser(db: Db, draft: { user: UserRow; identity: IdentityRow }): Promise<void> {
  const { user, identity } = draft;
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $10, $11)`,
    [
      user.id,
      user.aud,
      user.role,
      user.email,
      user.encrypted_password,
      user.email_confirmed_at,
      user.invited_at,
      JSON.stringify(user.raw_app_meta_data),
      JSON.stringify(user.raw_user_meta_data),
      user.created_at,
      user.banned_until,
    ],
  );
  await db.query(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, created_at, updated_at)
     values ($1, $2, $3, $4::jsonb, 'email', $5, $5)`,
    [identity.id, identity.provider_id, user.id, JSON.stringify(identity.identity_data), identity.created_at],
  );
}

/**
 * GoTrue's metadata update, done atomically in SQL: keys are merged, a `null` value removes its
 * key. The merged object must stay within the metadata size bound (each patch alone is checked
 * before, the sum of patches here).
 */
export async function patchMetadata(
  db: Db,
  userId: string,
  column: 'raw_user_meta_data' | 'raw_app_meta_data',
  patch: Record<string, unknown>,
): Promise<void> {
  const entries = Object.entries(patch);
  const { rows } = await db.query<{ size: number }>(
    `update auth.users set ${column} = (${column} || $2::jsonb) - $3::text[], updated_at = now() where id = $1
     returning octet_length(${column}::text) as size`,
    [
      userId,
      JSON.stringify(Object.fromEntries(entries.filter(([, value]) => value !== null))),
      entries.filter(([, value]) => value === null).map(([key]) => key),
    ],
  );
  if ((rows[0]?.size ?? 0) > MAX_METADATA_BYTES) {
    throw metadataTooLarge(column === 'raw_user_meta_data' ? 'user_metadata' : 'app_metadata');
  }
}

/** Merges `patch` into user_metadata for the keys it already has (sign-up copies the identity's claims there). */
const FOLLOW_IDENTITY = `raw_user_meta_data || (select coalesce(jsonb_object_agg(key, value), '{}'::jsonb)
  from jsonb_each($PATCH::jsonb) where raw_user_meta_data ? key)`;

/** Marks the address as verified, on the user, their metadata and their email identity. */
export async function confirmEmail(db: Db, userId: string): Promise<void> {
  await db.query(
    `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),
       raw_user_meta_data = ${FOLLOW_IDENTITY.replace('$PATCH', `'{"email_verified": true}'`)}, updated_at = now()
     where id = $1`,
    [userId],
  );
  await db.query(
    `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
     where user_id = $1 and provider = 'email'`,
    [userId],
  );
}

/** Moves the user to a new, verified address (email identity and metadata follow). */
export async function setEmail(db: Db, userId: string, email: string, confirmed: boolean): Promise<void> {
  const patch = JSON.stringify({ email, email_verified: confirmed });
  await db.query(
    `update auth.users set email = $2, email_change = null, email_change_sent_at = null,
       email_confirmed_at = case when $3 then now() else null end,
       raw_user_meta_data = ${FOLLOW_IDENTITY.replace('$PATCH', '$4')}, updated_at = now()
     where id = $1`,
    [userId, email, confirmed, patch],
  );
  await db.query(
    `update auth.identities set identity_data = identity_data || $2::jsonb, updated_at = now()
     where user_id = $1 and provider = 'email'`,
    [userId, patch],
  );
}

export async function setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.query('update auth.users set encrypted_password = $2, updated_at = now() where id = $1', [
    userId,
    passwordHash,
  ]);
}

/** One page of users, newest first, as GoTrue's admin list answers them. */
export async function listUsers(
  db: Db,
  page: number,
  perPage: number,
): Promise<{ users: Record<string, unknown>[]; total: number }> {
  const { rows: counted } = await db.query<{ total: string }>(
    'select count(*) as total from auth.users where deleted_at is null',
  );
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where deleted_at is null
     order by created_at desc, id limit $1 offset $2`,
    [perPage, (page - 1) * perPage],
  );
  const { rows: identities } = await db.query<IdentityRow>(
    `select ${IDENTITY_COLUMNS} from auth.identities where user_id = any($1::uuid[]) order by created_at`,
    [rows.map((row) => row.id)],
  );
  return {
    users: rows.map((row) =>
      userJson(
        row,
        identities.filter((identity) => identity.user_id === row.id),
      ),
    ),
    total: Number(counted[0]?.total ?? 0),
  };
}
