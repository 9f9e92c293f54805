/**
 * Database tests (pgTAP), on a fresh database with every migration, the seed and the Firenze
 * districts. Usage: tsx scripts/db/test-db.ts --lane pglite|postgres [--verbose] [file filters…]
 *
 * pglite: in-process PGlite with @electric-sql/pglite-pgtap; the TAP is parsed here.
 * postgres: a throwaway Debian PostgreSQL 15 cluster with postgresql-15-pgtap; files run through
 *           pg_prove when it is installed (else through the same TAP parser).
 * Exits non-zero on any failing test, plan mismatch or SQL error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { openTestDatabase, ROOT, runSuite, testFiles, type FileResult, type Lane } from './lib.ts';

function parseArgs(argv: string[]): { lane: Lane; verbose: boolean; filters: string[]; ownRunner: boolean } {
  let lane: Lane = 'pglite';
  let verbose = false;
  let ownRunner = false;
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--lane') {
      const value = argv[++i];
      if (value !== 'pglite' && value !== 'postgres') throw new Error('--lane takes pglite or postgres');
      lane = value;
    } else if (arg.startsWith('--lane=')) {
      const value = arg.slice('--lane='.length);
      if (value !== 'pglite' && value !== 'postgres') throw new Error('--lane takes pglite or postgres');
      lane = value;
    } else if (arg === '--verbose' || arg === '-v') verbose = true;
    else if (arg === '--no-pg-prove') ownRunner = true;
    else filters.push(arg);
  }
  return { lane, verbose, filters, ownRunner };
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
  const { lane, verbose, filters, ownRunner } = parseArgs(process.argv.slice(2));
  const files = testFiles(filters);
  if (files.length === 0) {
    console.error('no test files matched');
    return 1;
  }
  const started = Date.now();
  const db = await openTestDatabase(lane);
  try {
    console.log(`# database tests on ${lane} (${files.length} files, set up in ${Date.now() - started} ms)`);
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
        ? `# all ${suite.tests} tests passed in ${files.length} files (${lane}, ${seconds} s)`
        : `# FAILED: ${suite.failures} failure(s) among ${suite.tests} tests (${lane}, ${seconds} s)`,
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
