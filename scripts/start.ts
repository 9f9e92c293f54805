/**
 * `npm start`: builds the static site into dist/ as `npm run build` does (for the local stack),
 * starts the local Supabase stack (seeding the demo city on an empty database), serves dist/ with
 * the static app server, prints where everything is. Ctrl-C or SIGTERM stops it all, exit 0.
 *
 * Environment (beside the stack's own, see supabase/local/config.ts): APP_PORT [5173],
 * APP_HOST [127.0.0.1], SKIP_BUILD=1 to keep the app in dist/ (config.json and city/ are rewritten).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCity } from '../supabase/local/city/load-city.ts';
import { loadConfig } from '../supabase/local/config.ts';
import { edgeLabel, startStack, type RunningStack } from '../supabase/local/stack.ts';
import { startAppServer, type RunningAppServer } from './app-server.ts';
import { buildSite } from './build/build-site.ts';
import { writeSiteFiles } from './build/site-files.ts';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));

const DEMO_ACCOUNTS: [string, string][] = [
  ['resident@demo.local', 'resident'],
  ['resident2@demo.local', 'resident'],
  ['agent@demo.local', 'agent of the first district'],
  ['agent2@demo.local', 'agent of the second district'],
  ['planner@demo.local', 'planner'],
  ['admin@demo.local', 'admin'],
];

function port(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 && parsed < 65536 && value !== '' ? parsed : fallback;
}

let stack: RunningStack | undefined;
let app: RunningAppServer | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // A second Ctrl-C, or a stop that hangs, ends the process anyway.
    setTimeout(() => process.exit(code || 1), 15_000).unref();
    await app?.close().catch((error: unknown) => console.error('app server:', error));
    await stack?.stop().catch((error: unknown) => console.error('stack:', error));
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    console.log(`\n${signal}: stopping…`);
    void stop(0);
  });
}

try {
  const config = loadConfig();
  const site = { outDir: DIST, apiUrl: config.apiUrl, anonKey: config.anonKey, city: loadCity(config.cityPack) };
  if (process.env.SKIP_BUILD === '1' && existsSync(DIST)) {
    console.log('Using the app already built in dist/ (SKIP_BUILD=1)');
    writeSiteFiles(site);
  } else {
    console.log('Building the app…');
    await buildSite(site);
  }
  if (stopping) await stop(0);

  console.log(`Starting the local stack (data in ${config.dataDir})…`);
  stack = await startStack(config);
  if (stopping) await stop(0);

  app = await startAppServer({
    host: process.env.APP_HOST || '127.0.0.1',
    port: port(process.env.APP_PORT, 5173),
    distDir: DIST,
  });

  const seeded = config.seedDemo ? '' : ' (SEED_DEMO=0: only accounts that already exist)';
  console.log(
    [
      '',
      `App      ${app.url}/`,
      `API      ${config.apiUrl}  (ready in ${stack.readyInMs} ms, ${stack.ctx.db.kind}, ${edgeLabel(stack.edge)})`,
      `Mailbox  http://${config.host}:${config.mailboxPort}`,
      `City     ${config.cityPack ?? 'Demoville, the built-in synthetic city (set CITY_PACK to use a city pack)'}`,
      '',
      `Demo logins, password "demo-password"${seeded}:`,
      ...DEMO_ACCOUNTS.map(([email, role]) => `  ${email.padEnd(22)} ${role}`),
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
} catch (error) {
  console.error('npm start failed:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  await stop(1);
}
