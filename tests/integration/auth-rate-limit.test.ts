import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

const PASSWORD = 'correct-horse-battery';

// A stack of its own, with the CLI's sign-in limit (30 per 5 minutes) and 2 emails per hour.
describe('auth rate limits and what the database keeps', () => {
  let running: TestStack;
  let client: (key?: string) => SupabaseClient;

  beforeAll(async () => {
    running = await startTestStack(undefined, { AUTH_RATE_LIMIT_SIGN_IN: '30', AUTH_RATE_LIMIT_EMAIL: '2' });
    const { apiUrl, anonKey } = running.config;
    client = (key = anonKey) =>
      createClient(apiUrl, key, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      });
  });

  afterAll(async () => {
    await running?.stop();
  });

  const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    running.stack.ctx.db.pool.query<T>(sql, params).then((result) => result.rows);

  it('stops sending emails to an address after its hourly limit, for known and unknown addresses alike', async () => {
    const email = 'limited@example.test';
    await client(running.config.serviceRoleKey).auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
    });
    for (let i = 0; i < 2; i += 1) expect((await client().auth.resetPasswordForEmail(email)).error).toBeNull();
    const known = await client().auth.resetPasswordForEmail(email);
    for (let i = 0; i < 2; i += 1) {
      expect((await client().auth.resetPasswordForEmail('nobody@example.test')).error).toBeNull();
    }
    const unknown = await client().auth.resetPasswordForEmail('nobody@example.test');
    for (const { error } of [known, unknown]) {
      expect(error?.status).toBe(429);
      expect(error?.code).toBe('over_email_send_rate_limit');
    }
    const mails = await fetch(`${running.mailboxUrl}/api/messages?to=${email}`).then(
      (r) => r.json() as Promise<unknown[]>,
    );
    expect(mails).toHaveLength(2);
  });

  it('keeps only hashes of refresh tokens and email links', async () => {
    const { data } = await client().auth.signInWithPassword({ email: 'limited@example.test', password: PASSWORD });
    const refreshToken = data.session!.refresh_token;
    expect(await query('select 1 from auth.refresh_tokens where token = $1', [refreshToken])).toEqual([]);
    expect(await query('select 1 from auth.refresh_tokens where user_id = $1', [data.user!.id])).toHaveLength(1);
    const mails = await fetch(`${running.mailboxUrl}/api/messages?to=limited@example.test`).then(
      (r) => r.json() as Promise<{ text: string }[]>,
    );
    const linkToken = new URL(/https?:\/\/\S+/.exec(mails[0]!.text)![0]).searchParams.get('token')!;
    const stored = await query<{ token_hash: string }>('select token_hash from auth.one_time_tokens');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((row) => row.token_hash.includes(linkToken))).toBe(false);
    const [user] = await query<{ encrypted_password: string }>(
      'select encrypted_password from auth.users where id = $1',
      [data.user!.id],
    );
    expect(user?.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
  });

  it('answers 429 over_request_rate_limit after 30 sign-in attempts in 5 minutes', async () => {
    // So far: 6 recovery requests and 1 sign-in counted against this address.
    const session = (await query<{ hits: number }>("select hits from auth.rate_limits where key like 'sign_in:%'"))[0];
    expect(session?.hits).toBe(7);
    const { data } = await client().auth.signInWithPassword({ email: 'limited@example.test', password: PASSWORD });
    for (let attempt = 9; attempt <= 30; attempt += 1) {
      const { error } = await client().auth.signInWithPassword({
        email: 'limited@example.test',
        password: 'wrong-password',
      });
      expect(error?.code).toBe('invalid_credentials');
    }
    const blocked = await client().auth.signInWithPassword({ email: 'limited@example.test', password: PASSWORD });
    expect(blocked.error?.status).toBe(429);
    expect(blocked.error?.code).toBe('over_request_rate_limit');
    const signup = await client().auth.signUp({ email: 'new@example.test', password: PASSWORD });
    expect(signup.error?.status).toBe(429);
    const raw = await fetch(`${running.config.apiUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: running.config.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'limited@example.test', password: PASSWORD }),
    });
    expect(raw.status).toBe(429);
    expect(await raw.json()).toEqual({
      code: 429,
      error_code: 'over_request_rate_limit',
      msg: 'Request rate limit reached',
    });
    // Other groups have their own budget: refreshing a session still works.
    const refreshed = await client().auth.refreshSession({ refresh_token: data.session!.refresh_token });
    expect(refreshed.error).toBeNull();
    // The counters are rows of auth.rate_limits, not process memory: a restart keeps them.
    const [row] = await query<{ hits: number }>("select hits from auth.rate_limits where key like 'sign_in:%'");
    expect(row?.hits).toBeGreaterThan(30);
  });
});
