import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { StackConfig } from '../config.ts';

/**
 * The stack's database: embedded PGlite served on a loopback socket, or a real PostgreSQL.
 * Every service (ours and PostgREST) talks to it over the wire protocol, so the PGlite
 * multiplexer keeps each transaction whole and no session state crosses requests.
 */
export interface Database {
  kind: 'pglite' | 'postgres';
  /** Superuser pool for the stack's own services (auth, storage, migrations). */
  pool: pg.Pool;
  /** Connection string PostgREST uses (role `authenticator` on PostgreSQL). */
  postgrestUrl: string;
  close(): Promise<void>;
}

/** Claims as they come from a verified JWT. `role` decides the database role. */
export type JwtClaims = Record<string, unknown> & { role: string };

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);

export async function openDatabase(config: StackConfig): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(config);
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => undefined);
  const postgrestUrl = new URL(url);
  postgrestUrl.username = 'authenticator';
  postgrestUrl.password = 'postgres';
  return {
    kind: 'postgres',
    pool,
    postgrestUrl: postgrestUrl.toString(),
    close: () => pool.end(),
  };
}

async function openPglite(config: StackConfig): Promise<Database> {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
    workerData: { dir: join(config.dataDir, 'pglite'), port: config.dbPort },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`PGlite worker exited with ${code}`)));
  });
  const url = `postgres://postgres:postgres@127.0.0.1:${config.dbPort}/postgres?sslmode=disable`;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  return {
    kind: 'pglite',
    pool,
    postgrestUrl: url,
    async close() {
      await pool.end();
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

/** Runs `fn` in one transaction as the superuser. */
export async function asSuperuser<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `fn` in one transaction as PostgREST would for a request carrying `claims`:
 * `set local role` plus `request.jwt.claims`, so RLS policies see the caller.
 * Everything is transaction-local, so nothing survives into the next request.
 */
export async function asCaller<T>(
  pool: pg.Pool,
  claims: JwtClaims,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!API_ROLES.has(claims.role)) throw new Error(`role not allowed: ${claims.role}`);
  return asSuperuser(pool, async (client) => {
    await becomeCaller(client, claims);
    return fn(client);
  });
}

/** Within an open transaction, becomes the caller of `claims` until it ends (role and JWT claims). */
export async function becomeCaller(client: pg.PoolClient, claims: JwtClaims): Promise<void> {
  if (!API_ROLES.has(claims.role)) throw new Error(`role not allowed: ${claims.role}`);
  await client.query(
    `select set_config('request.jwt.claims', $1, true),
            set_config('request.jwt.claim.sub', $2, true),
            set_config('request.jwt.claim.role', $3, true)`,
    [JSON.stringify(claims), typeof claims.sub === 'string' ? claims.sub : '', claims.role],
  );
  await client.query(`set local role ${claims.role}`);
}
