/**
 * Database benchmark: seeds Florence with 100k proposals and 1M votes, then measures, as a
 * signed-in user (role authenticated + JWT claims, as PostgREST runs a request):
 *   - the map query (proposals_in_bbox) on a box holding about 10k proposals,
 *   - inserting a vote (policies, unique key, counter trigger).
 * Prints p50 / p95 per database.
 *
 * Usage: tsx scripts/db/bench.ts [--lane pglite|postgres|both] [--proposals 100000] [--votes 1000000]
 */
import { performance } from 'node:perf_hooks';
import { openTestDatabase, type Lane, type TestDatabase } from './lib.ts';

interface Options {
  lanes: Lane[];
  proposals: number;
  votes: number;
  bboxTarget: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { lanes: ['pglite', 'postgres'], proposals: 100_000, votes: 1_000_000, bboxTarget: 10_000 };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    if (argv[i] === '--lane' && value) {
      options.lanes = value === 'both' ? ['pglite', 'postgres'] : [value as Lane];
      i += 1;
    } else if (argv[i] === '--proposals' && value) {
      options.proposals = Number(value);
      i += 1;
    } else if (argv[i] === '--votes' && value) {
      options.votes = Number(value);
      i += 1;
    }
  }
  return options;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

async function timed(label: string, fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  const took = performance.now() - started;
  console.log(`  ${label}: ${(took / 1000).toFixed(1)} s`);
  return took;
}

/** Bulk load without triggers (districts from a few thousand anchor points), then exact counters. */
async function seed(db: TestDatabase, proposals: number, votes: number): Promise<void> {
  const voters = Math.max(100, Math.ceil(votes / 500));
  const perVoter = Math.ceil(votes / voters);
  await timed(`${voters} accounts`, () =>
    db.exec(`
      set session_replication_role = replica;
      insert into auth.users (id, email, email_confirmed_at, created_at)
      select gen_random_uuid(), 'bench' || i || '@bench.local', now(), now() - (i || ' minutes')::interval
      from generate_series(1, ${voters}) i;
      insert into public.profiles (id, display_name)
      select id, 'Bench ' || split_part(email, '@', 1) from auth.users where email like 'bench%@bench.local';
      create table bench_users as
      select row_number() over (order by email) as n, id from auth.users where email like 'bench%@bench.local';
      set session_replication_role = origin;`),
  );
  await timed('anchor points inside the city', () =>
    db.exec(`
      create table bench_anchors as
      select row_number() over () as n, lng, lat, district_id from (
        select lng, lat, private.district_for_point(lng, lat) as district_id
        from (select 11.16 + random() * 0.17 as lng, 43.73 + random() * 0.10 as lat from generate_series(1, 3000)) a
      ) b where district_id is not null;`),
  );
  await timed(`${proposals} proposals`, () =>
    db.exec(`
      set session_replication_role = replica;
      with a as (select count(*) as n from bench_anchors), c as (select array_agg(id order by id) as ids from public.categories)
      insert into public.proposals (author_id, title, description, category_id, location, lng, lat, district_id,
                                    moderation_state, created_at, updated_at)
      select u.id, 'Bench proposal ' || i, 'Generated for the benchmark', c.ids[1 + i % cardinality(c.ids)],
             jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(p.lng, p.lat)), p.lng, p.lat, an.district_id,
             case when i % 50 = 0 then 'hidden' else 'published' end::public.moderation_state,
             now() - (i || ' seconds')::interval, now()
      from generate_series(1, ${proposals}) i
      cross join a cross join c
      join bench_anchors an on an.n = 1 + i % a.n
      join bench_users u on u.n = 1 + i % ${voters}
      cross join lateral (select an.lng + (random() - 0.5) * 0.002 as lng, an.lat + (random() - 0.5) * 0.002 as lat) p;
      set session_replication_role = origin;`),
  );
  await timed(`${voters * perVoter} votes`, () =>
    db.exec(`
      set session_replication_role = replica;
      insert into public.votes (proposal_id, voter_id, value, created_at, updated_at)
      select 1 + ((u.n * 7919 + k * 104729) % ${proposals}), u.id, case when random() < 0.7 then 1 else -1 end, now(), now()
      from bench_users u cross join generate_series(1, ${perVoter}) k;
      update public.proposals p set agree_count = v.agree, disagree_count = v.disagree
      from (select proposal_id, count(*) filter (where value = 1) as agree, count(*) filter (where value = -1) as disagree
            from public.votes group by proposal_id) v
      where v.proposal_id = p.id;
      set session_replication_role = origin;`),
  );
  await timed('analyze', () => db.exec('vacuum analyze'));
}

/** Runs `sql` in a transaction as PostgREST would for `userId`; returns the time of `sql` alone. */
async function asUser(
  db: TestDatabase,
  userId: string,
  sql: string,
  params: unknown[],
): Promise<{ took: number; rows: unknown[] }> {
  await db.query('begin');
  try {
    await db.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' }),
    ]);
    const started = performance.now();
    const rows = await db.query(sql, params);
    const took = performance.now() - started;
    await db.query('commit');
    return { took, rows };
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

async function bench(lane: Lane, options: Options): Promise<string[]> {
  console.log(`# ${lane}`);
  const started = performance.now();
  const db = await openTestDatabase(lane, { tests: false });
  try {
    await seed(db, options.proposals, options.votes);
    const [counts] = await db.query<{ proposals: number; votes: number }>(
      'select (select count(*)::int from public.proposals) as proposals, (select count(*)::int from public.votes) as votes',
    );
    const [user] = await db.query<{ id: string }>(
      `insert into auth.users (email, email_confirmed_at) values ('bench-voter@bench.local', now()) returning id`,
    );
    const userId = user!.id;

    // A box around the centre holding about the target number of published proposals.
    const centre = [11.2498, 43.7807];
    let low = 0.001;
    let high = 0.1;
    for (let step = 0; step < 20; step += 1) {
      const half = (low + high) / 2;
      const [row] = await db.query<{ n: number }>(
        `select count(*)::int as n from public.proposals
         where lng between $1 and $2 and lat between $3 and $4 and moderation_state = 'published'`,
        [centre[0]! - half, centre[0]! + half, centre[1]! - half * 0.75, centre[1]! + half * 0.75],
      );
      if (row!.n < options.bboxTarget) low = half;
      else high = half;
    }
    const half = (low + high) / 2;
    const box = [centre[0]! - half, centre[1]! - half * 0.75, centre[0]! + half, centre[1]! + half * 0.75];
    const bboxTimes: number[] = [];
    let returned = 0;
    for (let i = 0; i < 33; i += 1) {
      const { took, rows } = await asUser(db, userId, 'select public.proposals_in_bbox($1, $2, $3, $4) as map', box);
      const map = (rows[0] as { map: { rows: unknown[] } | string }).map;
      returned = (typeof map === 'string' ? (JSON.parse(map) as { rows: unknown[] }) : map).rows.length;
      if (i >= 3) bboxTimes.push(took);
    }

    const targets = await db.query<{ id: number }>(
      `select id from public.proposals where moderation_state = 'published' order by md5(id::text) limit 203`,
    );
    const voteTimes: number[] = [];
    for (const [i, target] of targets.entries()) {
      const { took } = await asUser(db, userId, 'insert into public.votes (proposal_id, value) values ($1, $2)', [
        target.id,
        i % 3 ? 1 : -1,
      ]);
      if (i >= 3) voteTimes.push(took);
    }
    const [check] = await db.query<{ ok: boolean }>(
      `select bool_and(p.agree_count = v.agree and p.disagree_count = v.disagree) as ok from public.proposals p
       join (select proposal_id, count(*) filter (where value = 1) as agree, count(*) filter (where value = -1) as disagree
             from public.votes group by proposal_id) v on v.proposal_id = p.id`,
    );
    const total = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`  counters equal the rows after the run: ${check?.ok}`);
    return [
      `| ${lane} | ${counts!.proposals} / ${counts!.votes} | bbox → ${returned} rows | ${ms(percentile(bboxTimes, 50))} | ${ms(percentile(bboxTimes, 95))} |`,
      `| ${lane} | | vote insert | ${ms(percentile(voteTimes, 50))} | ${ms(percentile(voteTimes, 95))} |`,
      `<!-- ${lane}: whole run ${total} s -->`,
    ];
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const lines = [
    '| database | proposals / votes | query (as authenticated) | p50 | p95 |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const lane of options.lanes) lines.push(...(await bench(lane, options)));
  console.log(`\n${lines.join('\n')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
