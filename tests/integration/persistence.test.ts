import { readFileSync, readdirSync, rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from '../../supabase/local/config.ts';
import { currentLane, testStackEnv } from '../../harness/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../harness/postgres.ts';
import { isAlive, startStackProcess, type StackProcess } from '../../harness/stack-process.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const email = 'persistent@example.test';
const password = 'persistent-password';

function client(apiUrl: string, key = LOCAL_ANON_KEY): SupabaseClient {
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

async function waitGone(pids: number[]): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (pids.every((pid) => !isAlive(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

// A stack that stops, restarts or crashes keeps what it acknowledged.
describe('persistence across restarts and crashes', () => {
  let env: NodeJS.ProcessEnv;
  let postgres: ThrowawayPostgres | undefined;
  let running: StackProcess | undefined;
  let apiUrl: string;

  beforeAll(async () => {
    if (currentLane() === 'postgres') postgres = await startThrowawayPostgres();
    env = await testStackEnv(postgres ? { DATABASE_URL: postgres.url } : {});
    apiUrl = `http://127.0.0.1:${env.API_PORT}`;
    running = await startStackProcess(env);
    const db = new pg.Client({
      connectionString: postgres?.url ?? `postgres://postgres@127.0.0.1:${env.DB_PORT}/postgres`,
    });
    await db.connect();
    for (const file of readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      await db.query(readFileSync(new URL(file, FIXTURES), 'utf8'));
    }
    await db.end();
  });

  afterAll(async () => {
    if (running?.child.exitCode === null) await running.kill();
    await postgres?.stop();
    if (env.DATA_DIR) rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  it('stops cleanly on Ctrl-C, leaving no child process behind', async () => {
    const children = running!.children();
    expect(children.length).toBeGreaterThan(0);
    expect(await running!.interrupt()).toBe(0);
    expect(await waitGone(children)).toBe(true);
  });

  it('keeps users and rows across a restart', async () => {
    running = await startStackProcess(env);
    const created = await client(apiUrl, LOCAL_SERVICE_ROLE_KEY).auth.admin.createUser({
      email,
      password,
      email_confirm: true,
    });
    expect(created.error).toBeNull();
    const user = client(apiUrl);
    await user.auth.signInWithPassword({ email, password });
    const inserted = await user.from('stack_test_notes').insert({ body: 'before restart' }).select().single();
    expect(inserted.error).toBeNull();
    expect(await running.interrupt()).toBe(0);

    running = await startStackProcess(env);
    const again = client(apiUrl);
    const signIn = await again.auth.signInWithPassword({ email, password });
    expect(signIn.error).toBeNull();
    const rows = await again.from('stack_test_notes').select('body').eq('id', inserted.data.id);
    expect(rows.data).toEqual([{ body: 'before restart' }]);
  });

  it('loses no acknowledged write when killed with SIGKILL during a stream of writes', async () => {
    const user = client(apiUrl);
    await user.auth.signInWithPassword({ email, password });
    const acknowledged: number[] = [];
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        const result = await user
          .from('stack_test_notes')
          .insert({ body: `stream ${lane}-${i}` })
          .select('id')
          .single()
          .then(
            (r) => r,
            () => undefined,
          );
        if (result?.data) acknowledged.push(result.data.id as number);
        else if (result?.error === null) continue;
        else return;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    const children = running!.children();
    await running!.kill();
    stop = true;
    await Promise.all(writers);
    expect(await waitGone(children)).toBe(true);

    running = await startStackProcess(env);
    const after = client(apiUrl);
    await after.auth.signInWithPassword({ email, password });
    const found = new Set<number>();
    for (let i = 0; i < acknowledged.length; i += 200) {
      const { data } = await after
        .from('stack_test_notes')
        .select('id')
        .in('id', acknowledged.slice(i, i + 200));
      for (const row of data ?? []) found.add(row.id as number);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(acknowledged.filter((id) => !found.has(id))).toEqual([]);
  });
});
