import { createClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../supabase/local/config.ts';
import { anonClient, mailTo, uniqueEmail } from '../support/clients.ts';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

/**
 * A stack with config.toml's confirmations turned off by the environment (as the demo and the
 * browser tests do), a per-address email budget of 2, and the bad input of issue 14 part 7.
 */
let running: TestStack;
const PASSWORD = 'correct-horse-battery';

beforeAll(async () => {
  running = await startTestStack(undefined, {
    AUTH_ENABLE_CONFIRMATIONS: '0',
    AUTH_RATE_LIMIT_EMAIL: '2',
  });
}, 120_000);
afterAll(async () => running?.stop());

const anon = () => anonClient(running.config.apiUrl, running.config.anonKey);
const service = () => anonClient(running.config.apiUrl, running.config.serviceRoleKey);

async function raw(path: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = { apikey: running.config.anonKey, 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  else if (path.startsWith('/admin/')) headers.authorization = `Bearer ${running.config.serviceRoleKey}`;
  const response = await fetch(`${running.config.apiUrl}/auth/v1${path}`, { ...init, headers, redirect: 'manual' });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text || '{}') as Record<string, unknown>,
  };
}

/** JSON text of an object nested `depth` deep (written as text: building it as a value would not be the point). */
const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('auth with enable_confirmations off', () => {
  it('signs up with a session, and answers an existing address with 422 user_already_exists', async () => {
    const email = uniqueEmail('instant');
    const up = await anon().auth.signUp({ email, password: PASSWORD });
    expect(up.error).toBeNull();
    expect(up.data.session?.access_token).toBeTruthy();
    expect(up.data.user?.email_confirmed_at).toBeTruthy();
    const again = await anon().auth.signUp({ email, password: PASSWORD });
    expect(again.error?.status).toBe(422);
    expect(again.error?.code).toBe('user_already_exists');
    expect((await raw('/settings')).body).toMatchObject({ mailer_autoconfirm: true });
  });

  it('stores only the given metadata for admin-created and invited users', async () => {
    const created = await service().auth.admin.createUser({
      email: uniqueEmail('admin-made'),
      email_confirm: true,
      user_metadata: { display_name: 'Bo' },
    });
    expect(created.error).toBeNull();
    expect(created.data.user?.user_metadata).toEqual({ display_name: 'Bo' });
    const email = uniqueEmail('invited');
    const invited = await service().auth.admin.inviteUserByEmail(email, { data: { team: 'north' } });
    expect(invited.error).toBeNull();
    expect(invited.data.user?.user_metadata).toEqual({ team: 'north' });
    expect((await mailTo(email, running.mailboxUrl)).map((m) => m.kind)).toEqual(['invite']);
  });

  it('runs the PKCE flow: the magic link leads back with ?code=, exchanged with the verifier', async () => {
    const store = new Map<string, string>();
    const client = createClient(running.config.apiUrl, running.config.anonKey, {
      auth: {
        flowType: 'pkce',
        autoRefreshToken: false,
        detectSessionInUrl: false,
        storage: {
          getItem: (key) => store.get(key) ?? null,
          setItem: (key, value) => void store.set(key, value),
          removeItem: (key) => void store.delete(key),
        },
      },
    });
    const { email } = { email: uniqueEmail('pkce') };
    await service().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const sent = await client.auth.signInWithOtp({ email, options: { emailRedirectTo: 'http://127.0.0.1:5173/back' } });
    expect(sent.error).toBeNull();
    const [mail] = await mailTo(email, running.mailboxUrl);
    const link = /https?:\/\/\S+\/auth\/v1\/verify\?\S+/.exec(mail!.text)![0];
    expect(new URL(link).searchParams.get('token')).toMatch(/^pkce_/);
    const followed = await fetch(link, { redirect: 'manual' });
    const target = new URL(followed.headers.get('location')!);
    expect(target.pathname).toBe('/back');
    const code = target.searchParams.get('code')!;
    expect(code).toBeTruthy();
    // Another device (no verifier) cannot use the code.
    const stolen = await raw('/token?grant_type=pkce', {
      method: 'POST',
      body: JSON.stringify({ auth_code: code, code_verifier: 'x'.repeat(43) }),
    });
    expect(stolen).toMatchObject({ status: 403, body: { error_code: 'bad_code_verifier' } });
    const exchanged = await client.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.email).toBe(email);
  });
});

describe('auth: bad input of issue 14', () => {
  it('refuses metadata nested 5,000 deep or over 4 KiB on sign-up, OTP, admin create and PUT /user with 400', async () => {
    const deep = nested(5000);
    const large = JSON.stringify({ blob: 'x'.repeat(12 * 1024) });
    const refused = { status: 400, body: { error_code: 'validation_failed' } };
    for (const data of [deep, large]) {
      const email = () => JSON.stringify(uniqueEmail('deep'));
      const password = JSON.stringify(PASSWORD);
      const post = (path: string, body: string) => raw(path, { method: 'POST', body });
      expect(await post('/signup', `{"email":${email()},"password":${password},"data":${data}}`)).toMatchObject(
        refused,
      );
      expect(await post('/otp', `{"email":${email()},"data":${data}}`)).toMatchObject(refused);
      expect(await post('/admin/users', `{"email":${email()},"user_metadata":${data}}`)).toMatchObject(refused);
    }
    const { data: up } = await anon().auth.signUp({ email: uniqueEmail('grow'), password: PASSWORD });
    const token = up.session!.access_token;
    expect(await raw('/user', { method: 'PUT', token, body: `{"data":${deep}}` })).toMatchObject(refused);
    // Patches that are small one by one cannot add up past the bound either.
    const first = await raw('/user', { method: 'PUT', token, body: JSON.stringify({ data: { a: 'x'.repeat(3000) } }) });
    expect(first.status).toBe(200);
    const second = await raw('/user', {
      method: 'PUT',
      token,
      body: JSON.stringify({ data: { b: 'x'.repeat(3000) } }),
    });
    expect(second).toMatchObject(refused);
  });

  it('refuses a NUL in an email with 400 on sign-in and sign-up', async () => {
    const body = JSON.stringify({ email: 'a\u0000b@example.test', password: PASSWORD });
    expect((await raw('/token?grant_type=password', { method: 'POST', body })).status).toBe(400);
    expect((await raw('/signup', { method: 'POST', body })).status).toBe(400);
  });

  it('refuses a token issued in the future (beyond 30 s of clock skew) on auth and storage', async () => {
    const { data } = await anon().auth.signUp({ email: uniqueEmail('future'), password: PASSWORD });
    const claims = JSON.parse(Buffer.from(data.session!.access_token.split('.')[1]!, 'base64url').toString());
    const sign = (iat: number) =>
      new SignJWT({ ...claims, iat })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    const now = Math.floor(Date.now() / 1000);
    expect((await raw('/user', { token: await sign(now + 10) })).status).toBe(200);
    const future = await sign(now + 3600);
    expect(await raw('/user', { token: future })).toMatchObject({ status: 401, body: { error_code: 'bad_jwt' } });
    const storage = await fetch(`${running.config.apiUrl}/storage/v1/bucket`, {
      headers: { apikey: running.config.anonKey, authorization: `Bearer ${future}` },
    });
    expect(storage.status).toBeGreaterThanOrEqual(400);
    expect(storage.status).toBeLessThan(500);
  });

  it('keeps the email budget per address: made-up addresses do not block recovery for others', async () => {
    for (const address of [uniqueEmail('made-up'), uniqueEmail('made-up'), uniqueEmail('made-up')]) {
      expect((await anon().auth.resetPasswordForEmail(address)).error).toBeNull();
    }
    const email = uniqueEmail('real');
    await service().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    expect((await anon().auth.resetPasswordForEmail(email)).error).toBeNull();
    expect((await anon().auth.resetPasswordForEmail(email)).error).toBeNull();
    const third = await anon().auth.resetPasswordForEmail(email);
    expect(third.error?.code).toBe('over_email_send_rate_limit');
    expect((await mailTo(email, running.mailboxUrl)).length).toBe(2);
  });
});
