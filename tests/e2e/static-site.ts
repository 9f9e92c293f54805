import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_ANON_KEY } from '../../supabase/local/config.ts';
import { freePort } from '../../harness/ports.ts';
import { test as base } from './driver.ts';

/**
 * The deployment of docs/deploy.md, on one machine: a local stack started alone, as a hosted
 * Supabase project would run (its own origin, known to the app only through config.json), the
 * site made by `npm run build`, and plain Debian nginx serving it with nothing but an SPA
 * fallback. No app server of ours is involved.
 */
export interface StaticSite {
  url: string;
  apiUrl: string;
  mailboxUrl: string;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const FIRENZE = join(ROOT, '../shared/city-packs/firenze');
const run = promisify(execFile);

/** The whole nginx configuration a city needs for the site (docs/deploy.md shows the same server block). */
export function nginxConf(dir: string, siteDir: string, port: number): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  types { application/json json; }
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${siteDir};
    location / {
      try_files $uri $uri/ /index.html;
    }
  }
}
`;
}

async function startNginx(siteDir: string): Promise<{ url: string; process: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'static-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, siteDir, port));
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${url}/config.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100 || child.exitCode !== null) throw new Error(`nginx did not start (see ${dir}/error.log)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, process: child, dir };
}

/** `npm run stack` alone, ready once its REST API answers (the demo seed of Florence takes a while). */
async function startStack(env: NodeJS.ProcessEnv, apiUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'supabase/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 200_000;
  for (;;) {
    try {
      if ((await fetch(`${apiUrl}/rest/v1/categories?select=id&limit=1`, { headers: { apikey: LOCAL_ANON_KEY } })).ok) {
        return child;
      }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the stack did not start (exit code ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function stopStack(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

export const test = base.extend<object, { site: StaticSite }>({
  site: [
    // Playwright reads the fixtures a function needs from its first parameter: this one needs none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const ports = {
        API_PORT: String(await freePort()),
        DB_PORT: String(await freePort()),
        POSTGREST_PORT: String(await freePort()),
        POSTGREST_ADMIN_PORT: String(await freePort()),
        MAILBOX_PORT: String(await freePort()),
      };
      const dataDir = mkdtempSync(join(tmpdir(), 'static-data-'));
      // nginx's workers run as nobody: the site must be readable by anyone.
      const siteDir = mkdtempSync(join(tmpdir(), 'static-site-'));
      chmodSync(siteDir, 0o755);
      const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
      let stack: ChildProcess | undefined;
      let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
      try {
        const built = run(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
          cwd: ROOT,
          env: {
            ...process.env,
            SUPABASE_URL: apiUrl,
            SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
            CITY_PACK: FIRENZE,
            OUT_DIR: siteDir,
          },
        });
        stack = await startStack(
          {
            ...ports,
            DATA_DIR: dataDir,
            SEED_DEMO: '1',
            CITY_PACK: FIRENZE,
            AUTH_RATE_LIMIT_SIGN_IN: '10000',
            AUTH_RATE_LIMIT_VERIFY: '10000',
            AUTH_RATE_LIMIT_EMAIL: '10000',
          },
          apiUrl,
        );
        await built;
        nginx = await startNginx(siteDir);
        await use({ url: nginx.url, apiUrl, mailboxUrl: `http://127.0.0.1:${ports.MAILBOX_PORT}` });
      } finally {
        nginx?.process.kill('SIGTERM');
        if (stack) await stopStack(stack);
        for (const dir of [dataDir, siteDir, nginx?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 360_000 },
  ],
  baseURL: async ({ site }, use) => use(site.url),
});

export { expect } from './driver.ts';
