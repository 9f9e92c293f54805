import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { anonClient, mailTo, serviceClient, stackInfo, uniqueEmail } from '../support/clients.ts';

const PASSWORD = 'correct-horse-battery';
const SECRET = new TextEncoder().encode('super-secret-jwt-token-with-at-least-32-characters-long');
/** Any port on the site's host is an allowed redirect (GoTrue's rule); the default site is 127.0.0.1:5173. */
const REDIRECT = 'http://127.0.0.1:4321/welcome';

const now = () => Math.floor(Date.now() / 1000);
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** A raw call to /auth/v1 with the anon key, for what supabase-js hides (status, body, headers). */
async function raw(path: string, init: RequestInit & { token?: string } = {}) {
  const { apiUrl, anonKey } = stackInfo();
  const headers: Record<string, string> = { apikey: anonKey, 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${apiUrl}/auth/v1${path}`, { ...init, headers, redirect: 'manual' });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function signedIn(email = uniqueEmail('auth'), password = PASSWORD) {
  const created = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true });
  if (created.error) throw created.error;
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error || !data.session) throw error ?? new Error('no session');
  return { email, client, session: data.session, id: data.user.id };
}

/** The newest email of `kind` to `email`, with its verify link and 6-digit code. */
async function lastMail(email: string, kind: string) {
  const mail = (await mailTo(email)).find((m) => m.kind === kind);
  if (!mail) throw new Error(`no ${kind} email to ${email}`);
  const link = /https?:\/\/\S+\/auth\/v1\/verify\?\S+/.exec(mail.text)?.[0];
  const code = /code: (\d{6})\b/.exec(mail.text)?.[1];
  if (!link || !code) throw new Error(`no link or code in: ${mail.text}`);
  return { mail, link, code, url: new URL(link) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

describe('auth: settings, sign-up and sign-in', () => {
  it('answers GET /settings from config.toml (email on, confirmations on, phone off)', async () => {
    const { status, body } = await raw('/settings');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: false,
      external: { email: true, phone: false },
    });
  });

  it('with confirmations on, signs up without a session and mails a link that confirms and signs in', async () => {
    const email = uniqueEmail('signup');
    const client = anonClient();
    const up = await client.auth.signUp({ email, password: PASSWORD, options: { data: { display_name: 'Ana' } } });
    expect(up.error).toBeNull();
    expect(up.data.session).toBeNull();
    expect(up.data.user?.email).toBe(email);
    expect(up.data.user?.user_metadata.display_name).toBe('Ana');
    expect(up.data.user?.email_confirmed_at).toBeUndefined();
    expect(up.data.user?.identities?.[0]?.provider).toBe('email');
    const refused = await client.auth.signInWithPassword({ email, password: PASSWORD });
    expect(refused.error?.code).toBe('email_not_confirmed');

    // Resend: a fresh link; the first one no longer works.
    const first = await lastMail(email, 'signup');
    expect((await client.auth.resend({ type: 'signup', email })).error).toBeNull();
    const second = await lastMail(email, 'signup');
    expect(second.code).not.toBe(first.code);
    const stale = await anonClient().auth.verifyOtp({ email, token: first.code, type: 'signup' });
    expect(stale.error?.code).toBe('otp_expired');
    const verified = await anonClient().auth.verifyOtp({ email, token: second.code, type: 'signup' });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();

    const { data, error } = await client.auth.signInWithPassword({ email: email.toUpperCase(), password: PASSWORD });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(up.data.user?.id);
    expect(data.session?.token_type).toBe('bearer');
    expect(data.session?.expires_in).toBe(3600);
    expect(data.session?.refresh_token).toMatch(/^[\w-]{20,}$/);

    const claims = claimsOf(data.session!.access_token);
    expect(claims).toMatchObject({
      iss: `${stackInfo().apiUrl}/auth/v1`,
      sub: up.data.user?.id,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      phone: '',
      aal: 'aal1',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: 'Ana' },
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((claims.amr as { method: string }[])[0]?.method).toBe('password');
  });

  it('refuses a short password with 422 weak_password and GoTrue body', async () => {
    const email = uniqueEmail('weak');
    const { error } = await anonClient().auth.signUp({ email, password: 'short' });
    expect(error?.status).toBe(422);
    expect(error?.code).toBe('weak_password');
    expect((error as unknown as { reasons: string[] }).reasons).toEqual(['length']);
    const response = await raw('/signup', { method: 'POST', body: JSON.stringify({ email, password: 'seven77' }) });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 422,
      error_code: 'weak_password',
      msg: 'Password should be at least 8 characters.',
      weak_password: { reasons: ['length'] },
    });
    // Nothing was created: the address is still free for a sign-in attempt to fail on.
    const signIn = await anonClient().auth.signInWithPassword({ email, password: 'seven77' });
    expect(signIn.error?.code).toBe('invalid_credentials');
  });

  it('answers a wrong password and an unknown address with the same 400 invalid_credentials', async () => {
    const { email } = await signedIn();
    const wrong = await raw('/token?grant_type=password', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'not-the-password' }),
    });
    const unknown = await raw('/token?grant_type=password', {
      method: 'POST',
      body: JSON.stringify({ email: uniqueEmail('nobody'), password: 'not-the-password' }),
    });
    const expected = { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' };
    expect(wrong).toMatchObject({ status: 400, body: expected });
    expect(unknown).toMatchObject({ status: 400, body: expected });
    const { error } = await anonClient().auth.signInWithPassword({ email, password: 'not-the-password' });
    expect(error?.message).toBe('Invalid login credentials');
    expect(error?.code).toBe('invalid_credentials');
  });

  it('refuses to sign in an unconfirmed user', async () => {
    const email = uniqueEmail('unconfirmed');
    await serviceClient().auth.admin.createUser({ email, password: PASSWORD });
    const { error } = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error?.status).toBe(400);
    expect(error?.code).toBe('email_not_confirmed');
  });
});

describe('auth: refresh token rotation', () => {
  it('rotates, and a reused token ends the whole session', async () => {
    const { client, session } = await signedIn();
    const first = session.refresh_token;
    const rotated = await client.auth.refreshSession({ refresh_token: first });
    expect(rotated.error).toBeNull();
    const second = rotated.data.session!.refresh_token;
    expect(second).not.toBe(first);
    expect(claimsOf(rotated.data.session!.access_token).session_id).toBe(claimsOf(session.access_token).session_id);
    expect((await raw('/user', { token: rotated.data.session!.access_token })).status).toBe(200);

    const reused = await raw('/token?grant_type=refresh_token', {
      method: 'POST',
      body: JSON.stringify({ refresh_token: first }),
    });
    expect(reused).toMatchObject({
      status: 400,
      body: { code: 400, error_code: 'refresh_token_already_used', msg: 'Invalid Refresh Token: Already Used' },
    });
    // The family is revoked: the legitimate child and the session's access tokens stop working too.
    const child = await anonClient().auth.refreshSession({ refresh_token: second });
    expect(child.error?.code).toBe('refresh_token_not_found');
    const user = await raw('/user', { token: rotated.data.session!.access_token });
    expect(user).toMatchObject({ status: 403, body: { error_code: 'session_not_found' } });
  });

  it('refuses an unknown or missing refresh token', async () => {
    const unknown = await anonClient().auth.refreshSession({ refresh_token: 'not-a-token' });
    expect(unknown.error?.status).toBe(400);
    expect(unknown.error?.code).toBe('refresh_token_not_found');
    const missing = await raw('/token?grant_type=refresh_token', { method: 'POST', body: '{}' });
    expect(missing).toMatchObject({ status: 400, body: { error_code: 'validation_failed' } });
  });
});

describe('auth: the current user', () => {
  it('gets and updates the user (metadata merged, password changed)', async () => {
    const { client, email, id } = await signedIn();
    const got = await client.auth.getUser();
    expect(got.data.user?.id).toBe(id);
    expect(got.data.user?.email).toBe(email);

    const first = await client.auth.updateUser({ data: { display_name: 'Bo', city: 'Lyon' } });
    expect(first.error).toBeNull();
    const second = await client.auth.updateUser({ data: { city: null, age: 30 } });
    expect(second.data.user?.user_metadata).toMatchObject({ display_name: 'Bo', age: 30 });
    expect(second.data.user?.user_metadata).not.toHaveProperty('city');

    const weak = await client.auth.updateUser({ password: 'tiny' });
    expect(weak.error?.code).toBe('weak_password');
    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error?.status).toBe(422);
    expect(same.error?.code).toBe('same_password');

    const changed = await client.auth.updateUser({ password: 'a-brand-new-password' });
    expect(changed.error).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      'invalid_credentials',
    );
    expect((await anonClient().auth.signInWithPassword({ email, password: 'a-brand-new-password' })).error).toBeNull();
    // The session that changed the password lives on.
    expect((await client.auth.getUser()).data.user?.id).toBe(id);
  });

  it('changes the email once the links sent to the new and the current address are both used', async () => {
    const { client, id, email } = await signedIn();
    const newEmail = uniqueEmail('moved');
    const asked = await client.auth.updateUser({ email: newEmail }, { emailRedirectTo: REDIRECT });
    expect(asked.error).toBeNull();
    expect(asked.data.user?.new_email).toBe(newEmail);
    const { code, mail } = await lastMail(newEmail, 'email_change');
    expect(mail.subject).toMatch(/email/i);
    const current = await lastMail(email, 'email_change_current');
    // double_confirm_changes: the first code is accepted, the address changes with the second.
    const half = await anonClient().auth.verifyOtp({ email: newEmail, token: code, type: 'email_change' });
    expect(half.error).toBeNull();
    expect(half.data.session).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email: newEmail, password: PASSWORD })).error?.code).toBe(
      'invalid_credentials',
    );
    const verified = await anonClient().auth.verifyOtp({ email, token: current.code, type: 'email_change' });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.id).toBe(id);
    expect(verified.data.user?.email).toBe(newEmail);
    expect((await anonClient().auth.signInWithPassword({ email: newEmail, password: PASSWORD })).error).toBeNull();
  });

  it('signs out: the access token is then refused by /user and the refresh token is dead', async () => {
    const { client, session } = await signedIn();
    expect((await raw('/user', { token: session.access_token })).status).toBe(200);
    expect((await client.auth.signOut()).error).toBeNull();
    const after = await raw('/user', { token: session.access_token });
    expect(after).toMatchObject({
      status: 403,
      body: { code: 403, error_code: 'session_not_found' },
    });
    const refreshed = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error?.code).toBe('refresh_token_not_found');
  });

  it('signs out the other sessions only with scope "others"', async () => {
    const a = await signedIn();
    const b = anonClient();
    const other = await b.auth.signInWithPassword({ email: a.email, password: PASSWORD });
    expect((await a.client.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect((await raw('/user', { token: a.session.access_token })).status).toBe(200);
    expect((await raw('/user', { token: other.data.session!.access_token })).status).toBe(403);
  });
});

describe('auth: magic link, OTP and recovery emails', () => {
  it('sends a magic link with a code; the code gives a session, once', async () => {
    const { email, id } = await signedIn();
    const sent = await anonClient().auth.signInWithOtp({ email, options: { emailRedirectTo: REDIRECT } });
    expect(sent.error).toBeNull();
    const { code, url, mail } = await lastMail(email, 'magic_link');
    expect(mail.subject).toBeTruthy();
    expect(url.searchParams.get('type')).toBe('magiclink');
    expect(url.searchParams.get('redirect_to')).toBe(REDIRECT);
    expect(mail.text).toContain(code);

    const client = anonClient();
    const verified = await client.auth.verifyOtp({ email, token: code, type: 'email' });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.id).toBe(id);
    expect((claimsOf(verified.data.session!.access_token).amr as { method: string }[])[0]?.method).toBe('otp');
    expect((await client.auth.getUser()).data.user?.id).toBe(id);

    const again = await anonClient().auth.verifyOtp({ email, token: code, type: 'email' });
    expect(again.error?.status).toBe(403);
    expect(again.error?.code).toBe('otp_expired');
  });

  it('signs in by following the link (GET /verify → redirect with the session in the fragment)', async () => {
    const email = uniqueEmail('magic');
    // An unknown address gets an account (create_user defaults to true), confirmed by the link.
    expect((await anonClient().auth.signInWithOtp({ email, options: { emailRedirectTo: REDIRECT } })).error).toBeNull();
    const { link } = await lastMail(email, 'magic_link');
    const response = await fetch(link, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('type')).toBe('magiclink');
    expect(fragment.get('token_type')).toBe('bearer');
    expect(fragment.get('expires_in')).toBe('3600');
    expect(fragment.get('refresh_token')).toBeTruthy();
    const user = await raw('/user', { token: fragment.get('access_token')! });
    expect(user.status).toBe(200);
    expect(user.body.email).toBe(email);
    expect(user.body.email_confirmed_at).toBeTruthy();

    const reused = await fetch(link, { redirect: 'manual' });
    const error = new URLSearchParams(new URL(reused.headers.get('location')!).hash.slice(1));
    expect(error.get('error')).toBe('access_denied');
    expect(error.get('error_code')).toBe('otp_expired');
    expect(error.get('access_token')).toBeNull();
  });

  it('verifies the link token as token_hash, and never redirects to another host', async () => {
    const { email } = await signedIn();
    await anonClient().auth.signInWithOtp({ email, options: { emailRedirectTo: 'https://evil.example/steal' } });
    const { url } = await lastMail(email, 'magic_link');
    expect(url.searchParams.get('redirect_to')).not.toContain('evil.example');
    const verified = await anonClient().auth.verifyOtp({
      token_hash: url.searchParams.get('token')!,
      type: 'magiclink',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email).toBe(email);
    const bad = await fetch(
      `${stackInfo().apiUrl}/auth/v1/verify?token=forged&type=magiclink&redirect_to=https://evil.example/`,
      {
        redirect: 'manual',
      },
    );
    expect(bad.status).toBe(303);
    expect(new URL(bad.headers.get('location')!).hostname).toBe('127.0.0.1');
  });

  it('sends a recovery link that leads to a session able to set a new password', async () => {
    const { email } = await signedIn();
    expect((await anonClient().auth.resetPasswordForEmail(email, { redirectTo: REDIRECT })).error).toBeNull();
    const { link, url } = await lastMail(email, 'recovery');
    expect(url.searchParams.get('type')).toBe('recovery');
    const response = await fetch(link, { redirect: 'manual' });
    const fragment = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
    expect(fragment.get('type')).toBe('recovery');
    const client = anonClient();
    const set = await client.auth.setSession({
      access_token: fragment.get('access_token')!,
      refresh_token: fragment.get('refresh_token')!,
    });
    expect(set.error).toBeNull();
    expect((await client.auth.updateUser({ password: 'recovered-password' })).error).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email, password: 'recovered-password' })).error).toBeNull();
  });
});

describe('auth: no account enumeration', () => {
  it('answers sign-up of a confirmed address with an obfuscated user, mails nothing, keeps the account', async () => {
    const { email, id } = await signedIn();
    const body = (address: string) => JSON.stringify({ email: address, password: 'another-password', data: { a: 1 } });
    const existing = await raw('/signup', { method: 'POST', body: body(email) });
    const fresh = await raw('/signup', { method: 'POST', body: body(uniqueEmail('fresh')) });
    expect(existing.status).toBe(200);
    expect(fresh.status).toBe(200);
    expect(existing.body).not.toHaveProperty('access_token');
    expect(existing.body.email).toBe(email);
    expect(existing.body.id).not.toBe(id);
    // GoTrue's obfuscated user: no identities, only the metadata sent.
    expect(existing.body.identities).toEqual([]);
    expect(existing.body.user_metadata).toEqual({ a: 1 });
    expect(await mailTo(email)).toEqual([]);
    // The real account keeps its password and id.
    const signIn = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.data.user?.id).toBe(id);
    expect((await anonClient().auth.signInWithPassword({ email, password: 'another-password' })).error?.code).toBe(
      'invalid_credentials',
    );
  });

  it('answers recovery and OTP of an unknown address exactly like a known one, and mails nothing', async () => {
    const { email } = await signedIn();
    const unknown = uniqueEmail('ghost');
    const known = await raw('/recover', { method: 'POST', body: JSON.stringify({ email }) });
    const ghost = await raw('/recover', { method: 'POST', body: JSON.stringify({ email: unknown }) });
    expect(known).toMatchObject({ status: 200, body: {} });
    expect(ghost).toMatchObject({ status: 200, body: {} });
    expect(await mailTo(unknown)).toEqual([]);
    const otp = await anonClient().auth.signInWithOtp({ email: unknown, options: { shouldCreateUser: false } });
    expect(otp).toEqual({ data: { user: null, session: null }, error: null });
    expect(await mailTo(unknown)).toEqual([]);
  });

  it('takes the same order of time for existing and new addresses', async () => {
    const { email } = await signedIn();
    const signup = (address: string) =>
      timed(() => raw('/signup', { method: 'POST', body: JSON.stringify({ email: address, password: PASSWORD }) }));
    const recover = (address: string) =>
      timed(() => raw('/recover', { method: 'POST', body: JSON.stringify({ email: address }) }));
    const runs = [0, 1, 2, 3, 4];
    const signupExisting = median(await sequential(runs.map(() => () => signup(email))));
    const signupNew = median(await sequential(runs.map(() => () => signup(uniqueEmail('timing')))));
    const recoverKnown = median(await sequential(runs.map(() => () => recover(email))));
    const recoverUnknown = median(await sequential(runs.map(() => () => recover(uniqueEmail('timing')))));
    for (const [a, b] of [
      [signupExisting, signupNew],
      [recoverKnown, recoverUnknown],
    ] as const) {
      expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(10);
    }
    // Sign-up pays one bcrypt in both cases.
    expect(signupExisting).toBeGreaterThan(20);
  });
});

async function sequential(jobs: (() => Promise<number>)[]): Promise<number[]> {
  const results: number[] = [];
  for (const job of jobs) results.push(await job());
  return results;
}

describe('auth: admin endpoints', () => {
  it('refuses admin calls without the service role', async () => {
    const anonList = await anonClient().auth.admin.listUsers();
    expect(anonList.error?.status).toBe(403);
    expect(anonList.error?.code).toBe('not_admin');
    const { session } = await signedIn();
    const asUser = await raw('/admin/users', { token: session.access_token });
    expect(asUser).toMatchObject({
      status: 403,
      body: { code: 403, error_code: 'not_admin', msg: 'User not allowed' },
    });
    const create = await raw('/admin/users', {
      method: 'POST',
      token: stackInfo().anonKey,
      body: JSON.stringify({ email: uniqueEmail('sneaky'), password: PASSWORD }),
    });
    expect(create.status).toBe(403);
    const none = await fetch(`${stackInfo().apiUrl}/auth/v1/admin/users`, { headers: { apikey: stackInfo().anonKey } });
    expect(none.status).toBe(401);
  });

  it('creates, lists, gets, updates, bans and deletes users with the service role', async () => {
    const admin: SupabaseClient = serviceClient();
    const email = uniqueEmail('admin');
    const created = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: 'Cy' },
      app_metadata: { moderator: true },
    });
    expect(created.error).toBeNull();
    const id = created.data.user!.id;
    expect(created.data.user?.app_metadata).toMatchObject({ provider: 'email', moderator: true });
    expect((await admin.auth.admin.createUser({ email, password: PASSWORD })).error?.code).toBe('email_exists');

    const list = await admin.auth.admin.listUsers({ page: 1, perPage: 1000 });
    expect(list.error).toBeNull();
    expect(list.data.users.some((u) => u.id === id && u.email === email)).toBe(true);
    const page = await raw('/admin/users?page=1&per_page=1', { token: stackInfo().serviceRoleKey });
    expect((page.body.users as unknown[]).length).toBe(1);
    expect(Number(page.headers.get('x-total-count'))).toBeGreaterThan(1);
    expect(page.headers.get('link')).toContain('rel="next"');

    expect((await admin.auth.admin.getUserById(id)).data.user?.email).toBe(email);
    const updated = await admin.auth.admin.updateUserById(id, {
      user_metadata: { display_name: 'Cyd' },
      app_metadata: { moderator: null, provider: 'github' },
    });
    expect(updated.data.user?.user_metadata.display_name).toBe('Cyd');
    expect(updated.data.user?.app_metadata).not.toHaveProperty('moderator');
    expect(updated.data.user?.app_metadata.provider).toBe('email');

    const banned = await admin.auth.admin.updateUserById(id, { ban_duration: '24h' });
    expect(banned.data.user?.banned_until).toBeTruthy();
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe('user_banned');
    await admin.auth.admin.updateUserById(id, { ban_duration: 'none' });
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();

    const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    expect(link.error).toBeNull();
    expect(link.data.properties?.action_link).toContain('/auth/v1/verify?token=');
    const verified = await anonClient().auth.verifyOtp({
      email,
      token: link.data.properties!.email_otp,
      type: 'magiclink',
    });
    expect(verified.data.user?.id).toBe(id);

    expect((await admin.auth.admin.deleteUser(id)).error).toBeNull();
    const gone = await admin.auth.admin.getUserById(id);
    expect(gone.error?.status).toBe(404);
    expect(gone.error?.code).toBe('user_not_found');
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      'invalid_credentials',
    );
    const notUuid = await raw('/admin/users/not-a-uuid', { token: stackInfo().serviceRoleKey });
    expect(notUuid).toMatchObject({ status: 404, body: { error_code: 'user_not_found' } });
  });
});

describe('auth: JWTs that the stack did not issue are refused on /auth/v1/user', async () => {
  const { session } = await signedIn();
  const [header, payload, signature] = session.access_token.split('.') as [string, string, string];
  const claims = claimsOf(session.access_token);
  const wrongSecret = new TextEncoder().encode('another-secret-that-is-at-least-32-characters');
  const tokens: Record<string, string> = {
    tampered: `${header}.${b64url({ ...claims, sub: '00000000-0000-0000-0000-000000000001' })}.${signature}`,
    expired: await new SignJWT({ ...claims, exp: now() - 60, iat: now() - 3660 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(SECRET),
    'alg:none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, role: 'service_role' })}.`,
    'forged-role': `${header}.${b64url({ ...claims, role: 'service_role' })}.${signature}`,
    'wrong-secret': await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(wrongSecret),
  };
  it('accepts the genuine token', async () => {
    expect((await raw('/user', { token: `${header}.${payload}.${signature}` })).status).toBe(200);
  });
  for (const [kind, token] of Object.entries(tokens)) {
    it(`refuses a ${kind} token with 401 bad_jwt`, async () => {
      const response = await raw('/user', { token });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 401, error_code: 'bad_jwt' });
    });
  }
  it('refuses a missing token with 401 and a key without a user with 403', async () => {
    expect(await raw('/user')).toMatchObject({ status: 401, body: { error_code: 'no_authorization' } });
    expect(await raw('/user', { token: stackInfo().anonKey })).toMatchObject({
      status: 403,
      body: { error_code: 'bad_jwt' },
    });
  });
});

describe('auth: bad input gets a 4xx JSON answer', () => {
  const cases: [string, string, string | undefined, number, string][] = [
    ['POST', '/signup', '{not json', 400, 'bad_json'],
    ['POST', '/signup', JSON.stringify({ email: 'not-an-email', password: PASSWORD }), 400, 'validation_failed'],
    [
      'POST',
      '/signup',
      JSON.stringify({ email: uniqueEmail('x'), password: PASSWORD, data: [1] }),
      400,
      'validation_failed',
    ],
    ['POST', '/signup', JSON.stringify({ email: 42, password: PASSWORD }), 400, 'validation_failed'],
    ['POST', '/signup', JSON.stringify({}), 422, 'anonymous_provider_disabled'],
    [
      'POST',
      '/signup',
      JSON.stringify({ email: uniqueEmail('x'), password: 'x'.repeat(73) }),
      422,
      'validation_failed',
    ],
    ['POST', '/token?grant_type=magic', '{}', 400, 'validation_failed'],
    ['POST', '/token?grant_type=password', JSON.stringify({ email: ['a'], password: 'x' }), 400, 'validation_failed'],
    ['POST', '/verify', JSON.stringify({ type: 'sms', token: '123456', phone: '+33' }), 400, 'validation_failed'],
    [
      'POST',
      '/verify',
      JSON.stringify({ type: 'email', token: '123456', email: uniqueEmail('v') }),
      403,
      'otp_expired',
    ],
    ['POST', '/otp', JSON.stringify({ email: uniqueEmail('p'), code_challenge: 'abc' }), 400, 'validation_failed'],
    ['POST', '/logout?scope=everything', undefined, 400, 'validation_failed'],
    ['GET', '/nowhere', undefined, 404, 'not_found'],
  ];
  for (const [method, path, body, status, code] of cases) {
    it(`${method} ${path} ${body?.slice(0, 40) ?? ''} → ${status} ${code}`, async () => {
      const response = await raw(path, { method, ...(body === undefined ? {} : { body }) });
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ code: status, error_code: code });
      expect(response.headers.get('content-type')).toContain('application/json');
    });
  }
});
