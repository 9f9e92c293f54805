import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET } from '../../supabase/local/config.ts';
import { signJwt } from '../../supabase/local/jwt.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../harness/postgres.ts';
import { startStackProcess, type StackProcess } from '../../harness/stack-process.ts';
import { currentLane, testStackEnv } from '../../harness/stack.ts';

// Where the bytes live, and that they survive: a stack of its own, whose DATA_DIR we can look into.
const FIXTURES = new URL('./fixtures/', import.meta.url);
const PRIVATE = 'stack-test-private';
const PUBLIC = 'stack-test-public';

describe('storage: bytes on disk, restarts and crashes', () => {
  let env: NodeJS.ProcessEnv;
  let postgres: ThrowawayPostgres | undefined;
  let running: StackProcess | undefined;
  let client: SupabaseClient;
  const userId = randomUUID();

  const files = (bucket: string) => {
    const dir = join(env.DATA_DIR!, 'storage', bucket);
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const pending = () => {
    const dir = join(env.DATA_DIR!, 'storage', '.tmp');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const bytesOf = (bucket: string) =>
    files(bucket).map((f) => readFileSync(join(env.DATA_DIR!, 'storage', bucket, f), 'utf8'));

  beforeAll(async () => {
    if (currentLane() === 'postgres') postgres = await startThrowawayPostgres();
    env = await testStackEnv(postgres ? { DATABASE_URL: postgres.url } : {});
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
    const now = Math.floor(Date.now() / 1000);
    const token = await signJwt(
      { sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 3600 },
      LOCAL_JWT_SECRET,
    );
    client = createClient(`http://127.0.0.1:${env.API_PORT}`, LOCAL_ANON_KEY, {
      accessToken: () => Promise.resolve(token),
      realtime: { transport: ws as unknown as typeof WebSocket },
    });
  });

  afterAll(async () => {
    if (running?.child.exitCode === null) await running.kill();
    await postgres?.stop();
    if (env.DATA_DIR) rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  it('keeps one file per object under its bucket, replaced on upsert and removed with the row', async () => {
    const bucket = client.storage.from(PRIVATE);
    const path = `${userId}/disk/one.txt`;
    expect((await bucket.upload(path, 'first')).error).toBeNull();
    expect(bytesOf(PRIVATE)).toEqual(['first']);
    expect(files(PRIVATE)[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await bucket.upload(path, 'second', { upsert: true })).error).toBeNull();
    expect(bytesOf(PRIVATE)).toEqual(['second']);
    expect((await bucket.move(path, `${userId}/disk/moved.txt`)).error).toBeNull();
    expect(bytesOf(PRIVATE)).toEqual(['second']);
    expect((await bucket.remove([`${userId}/disk/moved.txt`])).data).toHaveLength(1);
    expect(files(PRIVATE)).toEqual([]);
    expect(pending()).toEqual([]);
  });

  it('moves the bytes with the object across buckets', async () => {
    const path = `${userId}/across.txt`;
    expect((await client.storage.from(PRIVATE).upload(path, 'travelling')).error).toBeNull();
    const moved = await client.storage.from(PRIVATE).move(path, path, { destinationBucket: PUBLIC });
    expect(moved.error).toBeNull();
    expect(files(PRIVATE)).toEqual([]);
    expect(bytesOf(PUBLIC)).toEqual(['travelling']);
    const publicUrl = client.storage.from(PUBLIC).getPublicUrl(path).data.publicUrl;
    expect(await (await fetch(publicUrl)).text()).toBe('travelling');
    expect((await client.storage.from(PUBLIC).remove([path])).error).toBeNull();
    expect(files(PUBLIC)).toEqual([]);
  });

  it('leaves nothing behind when an upload is refused or a name tries to escape', async () => {
    const bucket = client.storage.from(PRIVATE);
    expect((await bucket.upload(`${randomUUID()}/not-mine.txt`, 'x')).error).toMatchObject({ statusCode: '403' });
    const escape = await fetch(
      `http://127.0.0.1:${env.API_PORT}/storage/v1/object/${PRIVATE}/..%2F..%2F..%2Fescaped.txt`,
      {
        method: 'POST',
        headers: { apikey: LOCAL_ANON_KEY, authorization: `Bearer ${LOCAL_ANON_KEY}`, 'content-type': 'text/plain' },
        body: 'escape',
      },
    );
    expect(escape.status).toBe(400);
    expect(files(PRIVATE)).toEqual([]);
    expect(pending()).toEqual([]);
    expect(existsSync(join(env.DATA_DIR!, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(env.DATA_DIR!, 'storage', 'escaped.txt'))).toBe(false);
  });

  it('keeps exactly one file when upserts of one object race', async () => {
    const bucket = client.storage.from(PRIVATE);
    const path = `${userId}/race.txt`;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => bucket.upload(path, `version ${i}`, { upsert: true })),
    );
    expect(results.map((r) => r.error)).toEqual(results.map(() => null));
    const content = await (await bucket.download(path)).data?.text();
    expect(bytesOf(PRIVATE)).toEqual([content]);
    expect((await bucket.remove([path])).data).toHaveLength(1);
    expect(files(PRIVATE)).toEqual([]);
  });

  it('keeps files across a restart', async () => {
    const path = `${userId}/kept.txt`;
    expect((await client.storage.from(PRIVATE).upload(path, 'kept')).error).toBeNull();
    expect(await running!.interrupt()).toBe(0);
    running = await startStackProcess(env);
    expect(await (await client.storage.from(PRIVATE).download(path)).data?.text()).toBe('kept');
  });

  it('loses no acknowledged upload when killed with SIGKILL during a stream of uploads', async () => {
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        const name = `${userId}/stream/${lane}-${i}.txt`;
        const result = await client.storage
          .from(PRIVATE)
          .upload(name, `content of ${name}`)
          .catch(() => undefined);
        if (result?.data) acknowledged.push(name);
        else return;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 10));
    await running!.kill();
    stop = true;
    await Promise.all(writers);

    running = await startStackProcess(env);
    const lost: string[] = [];
    for (const name of acknowledged) {
      const { data } = await client.storage.from(PRIVATE).download(name);
      if ((await data?.text()) !== `content of ${name}`) lost.push(name);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(lost).toEqual([]);
  });
});
