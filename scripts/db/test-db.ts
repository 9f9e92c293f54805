/**
 * Database tests (pgTAP), on a fresh database with every migration, the seed and the Firenze
 * districts. Usage: tsx scripts/db/test-db.ts --lane pglite|postgres [--bootstrap stack|cli] [--verbose] [filters…]
 *
 * --bootstrap: what ran before the migrations, our stack's bootstrap (default) or the Supabase
 *              CLI's default privileges (see lib.ts); `npm run test:db` runs both on both lanes.
 * pglite: in-process PGlite with @electric-sql/pglite-pgtap; the TAP is parsed here.
 * postgres: a throwaway Debian PostgreSQL 15 cluster with postgresql-15-pgtap; files run through
 *           pg_prove when it is installed (else through the same TAP parser).
 * Exits non-zero on any failing test, plan mismatch or SQL error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import {
  BOOTSTRAPS,
  openTestDatabase,
  ROOT,
  runSuite,
  testFiles,
  type Bootstrap,
  type FileResult,
  type Lane,
} from './lib.ts';

interface Args {
  lane: Lane;
  bootstrap: Bootstrap;
  verbose: boolean;
  filters: string[];
  ownRunner: boolean;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new Error(`${option} takes ${allowed.join(' or ')}`);
  return value as T;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { lane: 'pglite', bootstrap: 'stack', verbose: false, filters: [], ownRunner: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    if (name === '--lane') args.lane = oneOf('--lane', inline ?? argv[++i], ['pglite', 'postgres'] as const);
    else if (name === '--bootstrap') args.bootstrap = oneOf('--bootstrap', inline ?? argv[++i], BOOTSTRAPS);
    else if (arg === '--verbose' || arg === '-v') args.verbose = true;
    else if (arg === '--no-pg-prove') args.ownRunner = true;
    else args.filters.push(arg);
  }
  return args;
}

function report(result: FileResult, verbose: boolean): void {
  const name = relative(ROOT, result.file);
  const count = result.passed + result.failed.length;
  console.log(
    `${result.ok ? 'ok    ' : 'FAILED'} ${name} (${count}${result.planned !== undefined ? `/${result.planned}` : ''})`,
  );
  if (verbose || !result.ok) {
    // Failures and the diagnostics pgTAP prints under them (have / want).
    const lines = verbose ? result.tap : result.tap.filter((line) => line.startsWith('not ok') || line.startsWith('#'));
    for (const line of lines) console.log(`       ${line}`);
  }
  if (result.error) console.log(`       SQL error: ${result.error}`);
  if (!result.error && result.planned !== undefined && result.planned !== count) {
    console.log(`       planned ${result.planned} tests, ran ${count}`);
  }
}

async function main(): Promise<number> {
  const { lane, bootstrap, verbose, filters, ownRunner } = parseArgs(process.argv.slice(2));
  const files = testFiles(filters);
  if (files.length === 0) {
    console.error('no test files matched');
    return 1;
  }
  const started = Date.now();
  const db = await openTestDatabase(lane, { bootstrap });
  const where = `${lane}, ${bootstrap} bootstrap`;
  try {
    console.log(`# database tests on ${where} (${files.length} files, set up in ${Date.now() - started} ms)`);
    if (lane === 'postgres' && !ownRunner && existsSync('/usr/bin/pg_prove') && db.url) {
      const url = new URL(db.url);
      const run = spawnSync(
        'pg_prove',
        [
          '-h',
          url.hostname,
          '-p',
          url.port,
          '-U',
          'postgres',
          '-d',
          'postgres',
          ...(verbose ? ['--verbose'] : []),
          ...files,
        ],
        { stdio: 'inherit', cwd: ROOT },
      );
      return run.status ?? 1;
    }
    const suite = await runSuite(db, files, { onFile: (r) => report(r, verbose) });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      suite.ok
        ? `# all ${suite.tests} tests passed in ${files.length} files (${where}, ${seconds} s)`
        : `# FAILED: ${suite.failures} failure(s) among ${suite.tests} tests (${where}, ${seconds} s)`,
    );
    return suite.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
