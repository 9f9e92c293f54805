import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type StackConfig } from '../supabase/local/config.ts';
import { startStack, type RunningStack } from '../supabase/local/stack.ts';
import { freePort } from './ports.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.ts';

export type Lane = 'pglite' | 'postgres';

export function currentLane(): Lane {
  return process.env.TEST_LANE === 'postgres' ? 'postgres' : 'pglite';
}

export interface TestStack {
  config: StackConfig;
  stack: RunningStack;
  dataDir: string;
  mailboxUrl: string;
  stop(): Promise<void>;
}

/** Environment of a stack on free loopback ports, in a fresh temp DATA_DIR. */
export async function testStackEnv(overrides: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stack-')),
    API_PORT: String(await freePort()),
    DB_PORT: String(await freePort()),
    POSTGREST_PORT: String(await freePort()),
    POSTGREST_ADMIN_PORT: String(await freePort()),
    MAILBOX_PORT: String(await freePort()),
    SEED_DEMO: '0',
    // Generous limits for suites that are not about rate limiting.
    AUTH_RATE_LIMIT_SIGN_IN: '100000',
    AUTH_RATE_LIMIT_VERIFY: '100000',
    AUTH_RATE_LIMIT_EMAIL: '100000',
    AUTH_RATE_LIMIT_EMAIL_TOTAL: '100000',
    AUTH_RATE_LIMIT_REFRESH: '100000',
    // A reused refresh token ends its session at once (config.toml's 10 s grace is tested on its own).
    AUTH_REFRESH_TOKEN_REUSE_INTERVAL: '0',
    ...overrides,
  };
}

/**
 * Starts a whole local stack for a test: on PGlite, or on a throwaway PostgreSQL 15
 * cluster when `lane` is `postgres`. Everything is removed on stop.
 */
export async function startTestStack(
  lane: Lane = currentLane(),
  overrides: NodeJS.ProcessEnv = {},
): Promise<TestStack> {
  let postgres: ThrowawayPostgres | undefined;
  if (lane === 'postgres' && !overrides.DATABASE_URL) postgres = await startThrowawayPostgres();
  const env = await testStackEnv({ ...(postgres ? { DATABASE_URL: postgres.url } : {}), ...overrides });
  const config = loadConfig(env);
  const stack = await startStack(config);
  return {
    config,
    stack,
    dataDir: config.dataDir,
    mailboxUrl: `http://127.0.0.1:${config.mailboxPort}`,
    async stop() {
      await stack.stop();
      await postgres?.stop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
