import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pgtap } from '@electric-sql/pglite-pgtap';
import { migrate, runSeedSql } from '../../supabase/local/db/migrate.ts';
import { loadCity } from '../../supabase/local/city/load-city.ts';
import { insertDistricts } from '../../supabase/local/seed/city.ts';
import { startThrowawayPostgres } from '../../harness/postgres.ts';

export const ROOT = resolve(new URL('../../', import.meta.url).pathname);
export const SUPABASE_DIR = join(ROOT, 'supabase');
export const TESTS_DIR = join(SUPABASE_DIR, 'tests', 'database');
const BOOTSTRAP = join(SUPABASE_DIR, 'local', 'sql', 'bootstrap.sql');

export type Lane = 'pglite' | 'postgres';

/**
 * What ran before the migrations. `stack`: our bootstrap, where new tables in `public` get no
 * grant but to service_role. `cli`: the Supabase CLI's (and hosted projects'), where they get
 * every privilege for anon, authenticated and service_role by default. Migrations must be right
 * on both: explicit grants, and RLS that holds when a role was granted more than it needs.
 */
export type Bootstrap = 'stack' | 'cli';
export const BOOTSTRAPS: readonly Bootstrap[] = ['stack', 'cli'];

/** The default privileges the Supabase CLI gives in `public` (its roles.sql), on top of ours. */
const CLI_DEFAULT_PRIVILEGES = `
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
`;

export interface OpenOptions {
  /** Loads pgTAP and the test helpers (default true). */
  tests?: boolean;
  bootstrap?: Bootstrap;
}

/** The city pack the database tests run on: Florence's five quartieri. */
export function testCityPack(): string {
  const dir = process.env.TEST_CITY_PACK ?? resolve(ROOT, '..', 'shared', 'city-packs', 'firenze');
  if (!existsSync(join(dir, 'districts.geojson'))) {
    throw new Error(`The database tests need the Firenze city pack at ${dir} (or TEST_CITY_PACK).`);
  }
  return dir;
}

export function migrationFiles(): string[] {
  const dir = join(SUPABASE_DIR, 'migrations');
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function testFiles(filters: string[] = []): string[] {
  return readdirSync(TESTS_DIR)
    .filter((f) => f.endsWith('.test.sql'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort()
    .map((f) => join(TESTS_DIR, f));
}

/** A database with the schema, the Firenze districts, pgTAP and the test helpers. */
export interface TestDatabase {
  lane: Lane;
  /** Runs a script (several statements) and returns every text cell of every result, in order. */
  exec(sql: string): Promise<string[]>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Connection string (postgres lane only). */
  url: string | undefined;
  close(): Promise<void>;
}

function textCells(results: { rows: unknown[] }[]): string[] {
  const cells: string[] = [];
  for (const result of results) {
    for (const row of result.rows) {
      for (const value of Object.values(row as Record<string, unknown>)) {
        if (typeof value === 'string') cells.push(value);
      }
    }
  }
  return cells;
}

const PGTAP = `
create schema if not exists extensions;
create extension if not exists pgtap with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;
grant execute on all functions in schema extensions to anon, authenticated, service_role;
`;

async function finishSetup(db: TestDatabase): Promise<void> {
  await db.exec(PGTAP);
  await db.exec(readFileSync(join(TESTS_DIR, 'helpers.sql'), 'utf8'));
}

/** PGlite with the schema, the seed and the Firenze districts; pgTAP and the test helpers unless `tests` is false. */
export async function openPglite({ tests = true, bootstrap = 'stack' }: OpenOptions = {}): Promise<TestDatabase> {
  const pgl = await PGlite.create(tests ? { extensions: { pgtap } } : {});
  const db: TestDatabase = {
    lane: 'pglite',
    url: undefined,
    exec: async (sql) => textCells(await pgl.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pgl.query<T>(sql, params)).rows,
    close: () => pgl.close(),
  };
  await pgl.exec(readFileSync(BOOTSTRAP, 'utf8'));
  if (bootstrap === 'cli') await pgl.exec(CLI_DEFAULT_PRIVILEGES);
  for (const file of migrationFiles()) {
    try {
      await pgl.exec(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${basename(file)}: ${(error as Error).message}`, { cause: error });
    }
  }
  await pgl.exec(readFileSync(join(SUPABASE_DIR, 'seed.sql'), 'utf8'));
  await insertDistricts(pgl, loadCity(testCityPack()));
  if (tests) await finishSetup(db);
  return db;
}

/** A throwaway PostgreSQL 15 cluster with the same content as openPglite(). */
export async function openPostgres({ tests = true, bootstrap = 'stack' }: OpenOptions = {}): Promise<TestDatabase> {
  const server = await startThrowawayPostgres();
  const pool = new pg.Pool({ connectionString: server.url, max: 1 });
  pool.on('error', () => undefined);
  try {
    if (bootstrap === 'cli') {
      // migrate() skips a bootstrap already applied: ours, then the CLI's defaults, then the migrations.
      await pool.query(readFileSync(BOOTSTRAP, 'utf8'));
      await pool.query(CLI_DEFAULT_PRIVILEGES);
    }
    await migrate(pool);
    await runSeedSql(pool);
    await insertDistricts(pool, loadCity(testCityPack()));
    const db: TestDatabase = {
      lane: 'postgres',
      url: server.url,
      exec: async (sql) => {
        const result = (await pool.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
        return textCells(Array.isArray(result) ? result : [result]);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
      async close() {
        await pool.end();
        await server.stop();
      },
    };
    if (tests) await finishSetup(db);
    return db;
  } catch (error) {
    await pool.end().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

export function openTestDatabase(lane: Lane, options: OpenOptions = {}): Promise<TestDatabase> {
  return lane === 'postgres' ? openPostgres(options) : openPglite(options);
}

export interface FileResult {
  file: string;
  planned: number | undefined;
  passed: number;
  failed: string[];
  error: string | undefined;
  ok: boolean;
  /** The TAP text, for printing. */
  tap: string[];
}

/** Parses pgTAP output: "1..N", "ok N - …", "not ok N - … # TODO", diagnostics "# …". */
export function parseTap(file: string, cells: string[], error?: string): FileResult {
  const tap = cells.flatMap((cell) => cell.split('\n')).filter((line) => /^(ok|not ok|1\.\.\d+|#)/.test(line));
  let planned: number | undefined;
  let passed = 0;
  const failed: string[] = [];
  for (const line of tap) {
    const plan = /^1\.\.(\d+)/.exec(line);
    if (plan) planned = Number(plan[1]);
    else if (line.startsWith('ok')) passed += 1;
    else if (line.startsWith('not ok')) {
      if (/#\s*(TODO|SKIP)/i.test(line)) passed += 1;
      else failed.push(line);
    }
  }
  const ran = passed + failed.length;
  const ok = !error && failed.length === 0 && planned !== undefined && planned === ran;
  return { file, planned, passed, failed, error, ok, tap };
}

/** Runs one test file (a transaction that rolls itself back) and parses its TAP. */
export async function runFile(db: TestDatabase, file: string): Promise<FileResult> {
  const sql = readFileSync(file, 'utf8');
  try {
    return parseTap(file, await db.exec(sql));
  } catch (error) {
    await db.exec('rollback').catch(() => undefined);
    return parseTap(file, [], (error as Error).message);
  }
}

export interface SuiteResult {
  files: FileResult[];
  tests: number;
  failures: number;
  ok: boolean;
}

export async function runSuite(
  db: TestDatabase,
  files: string[],
  options: { bail?: boolean; onFile?: (result: FileResult) => void } = {},
): Promise<SuiteResult> {
  const results: FileResult[] = [];
  for (const file of files) {
    const result = await runFile(db, file);
    results.push(result);
    options.onFile?.(result);
    if (options.bail && !result.ok) break;
  }
  return {
    files: results,
    tests: results.reduce((n, r) => n + r.passed + r.failed.length, 0),
    failures: results.reduce(
      (n, r) => n + r.failed.length + (r.error || (r.planned ?? -1) !== r.passed + r.failed.length ? 1 : 0),
      0,
    ),
    ok: results.every((r) => r.ok),
  };
}
