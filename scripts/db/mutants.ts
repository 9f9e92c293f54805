/**
 * Mutation check of the row-level security policies: each policy in turn is replaced by an
 * always-true one (same name, command and roles: `using (true)` / `with check (true)`), the pgTAP
 * suite runs, and at least one test must fail. Policies no test notices are listed and the
 * script exits non-zero. Policies that are already always true are skipped.
 *
 * Usage: tsx scripts/db/mutants.ts [--lane pglite|postgres] [policy name filter]
 */
import { basename } from 'node:path';
import { openTestDatabase, runSuite, testFiles, type Lane, type TestDatabase } from './lib.ts';

interface Policy {
  schemaname: string;
  tablename: string;
  policyname: string;
  permissive: string;
  roles: string[] | string;
  cmd: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'ALL';
  qual: string | null;
  with_check: string | null;
}

/** Which test file to try first for a table (the suite stops at the first failing file). */
const FIRST_FILE: Record<string, string> = {
  proposals: 'proposals',
  votes: 'votes',
  comments: 'comments',
  reports: 'reports',
  moderation_actions: 'moderation',
  moderation_stats: 'moderation',
  profiles: 'profiles_roles',
  user_roles: 'profiles_roles',
  districts: 'districts_categories',
  categories: 'districts_categories',
  city_settings: 'districts_categories',
  objects: 'storage',
};

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function rolesOf(policy: Policy): string[] {
  if (Array.isArray(policy.roles)) return policy.roles;
  return policy.roles
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

function createPolicy(policy: Policy, using: string | null, check: string | null): string {
  const target = `${ident(policy.schemaname)}.${ident(policy.tablename)}`;
  const parts = [
    `create policy ${ident(policy.policyname)} on ${target}`,
    `as ${policy.permissive.toLowerCase()}`,
    `for ${policy.cmd.toLowerCase()}`,
    `to ${rolesOf(policy).map(ident).join(', ')}`,
  ];
  if (using !== null) parts.push(`using (${using})`);
  if (check !== null) parts.push(`with check (${check})`);
  return `begin; drop policy ${ident(policy.policyname)} on ${target}; ${parts.join(' ')}; commit;`;
}

function mutant(policy: Policy): string {
  const using = policy.cmd === 'INSERT' ? null : 'true';
  const check = policy.cmd === 'INSERT' || policy.cmd === 'UPDATE' || policy.cmd === 'ALL' ? 'true' : null;
  return createPolicy(policy, using, check);
}

const isTrivial = (policy: Policy): boolean =>
  (policy.qual === null || policy.qual === 'true') && (policy.with_check === null || policy.with_check === 'true');

async function policies(db: TestDatabase, filter: string | undefined): Promise<Policy[]> {
  const rows = await db.query<Policy>(
    `select schemaname::text, tablename::text, policyname::text, permissive, roles::text[] as roles, cmd, qual, with_check
     from pg_policies where schemaname in ('public', 'storage') order by schemaname, tablename, cmd, policyname`,
  );
  return rows.filter((p) => !filter || p.policyname.toLowerCase().includes(filter.toLowerCase()));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let lane: Lane = 'pglite';
  let filter: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--lane') {
      const value = args[++i];
      if (value !== 'pglite' && value !== 'postgres') throw new Error('--lane takes pglite or postgres');
      lane = value;
    } else filter = args[i];
  }
  const started = Date.now();
  const db = await openTestDatabase(lane);
  const files = testFiles();
  const survivors: Policy[] = [];
  let killed = 0;
  let skipped = 0;
  try {
    const baseline = await runSuite(db, files);
    if (!baseline.ok) {
      console.error('The suite fails without any mutation; fix it first.');
      return 1;
    }
    console.log(`# ${baseline.tests} tests pass on ${lane}; mutating each policy into an always-true one`);
    for (const policy of await policies(db, filter)) {
      const label = `${policy.schemaname}.${policy.tablename} ${policy.cmd.toLowerCase()} "${policy.policyname}"`;
      if (isTrivial(policy)) {
        skipped += 1;
        console.log(`skip     ${label} (already always true)`);
        continue;
      }
      const first = FIRST_FILE[policy.tablename];
      const preferred = files.filter((f) => first && basename(f).startsWith(first));
      const ordered = [...preferred, ...files.filter((f) => !preferred.includes(f))];
      await db.exec(mutant(policy));
      try {
        const result = await runSuite(db, ordered, { bail: true });
        const failing = result.files.find((f) => !f.ok);
        if (failing) {
          killed += 1;
          const why = failing.failed[0] ?? failing.error ?? 'plan mismatch';
          console.log(`killed   ${label}\n         by ${basename(failing.file)}: ${why.split('\n')[0]}`);
        } else {
          survivors.push(policy);
          console.log(`SURVIVED ${label}: no test fails when it always says yes`);
        }
      } finally {
        await db.exec(createPolicy(policy, policy.qual, policy.with_check));
      }
    }
    const after = await runSuite(db, files);
    if (!after.ok) {
      console.error('The suite fails after restoring the policies: the restore is broken.');
      return 1;
    }
  } finally {
    await db.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `# ${killed} mutants killed, ${survivors.length} survived, ${skipped} always-true policies skipped (${lane}, ${seconds} s)`,
  );
  return survivors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
