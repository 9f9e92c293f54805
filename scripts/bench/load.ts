/**
 * `npm run bench:load`: a realistic mix of what residents do, through the API port, on a throwaway
 * PostgreSQL 15 with the demo seed of Florence: map reads (proposals in the view), proposal sheets
 * (the proposal and its comments), votes, comments and sign-ins. For rising numbers of requests in
 * flight, reports requests per second and p95 latency; the capacity is the best rate whose p95
 * stays ≤ 100 ms. Prints a Markdown entry for docs/benchmarks.md.
 *
 * BENCH_SECONDS [15] per step, BENCH_USERS [40] signed-in residents.
 */
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestStack } from '../../harness/stack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const USERS = Number(process.env.BENCH_USERS ?? 40);
const STEPS = [2, 4, 8, 16, 32];
const P95_BUDGET_MS = 100;
const PASSWORD = 'load-password-1';

type Kind = 'map' | 'sheet' | 'vote' | 'comment' | 'signin';
/** Share of each kind in the mix: reading dominates, as on any consultation. */
const MIX: [Kind, number][] = [
  ['map', 0.4],
  ['sheet', 0.3],
  ['vote', 0.18],
  ['comment', 0.07],
  ['signin', 0.05],
];

const load = os.loadavg().map((v) => v.toFixed(2));
const test = await startTestStack('postgres', {
  SEED_DEMO: '1',
  CITY_PACK: join(ROOT, '../shared/city-packs/firenze'),
});
const { apiUrl, anonKey, serviceRoleKey } = test.config;
const headers = (token = anonKey) => ({ apikey: anonKey, authorization: `Bearer ${token}` });

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function signIn(email: string): Promise<Response> {
  return fetch(`${apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
}

try {
  const emails = Array.from({ length: USERS }, (_, i) => `load-${i}@bench.test`);
  for (const email of emails) {
    await json(
      await fetch(`${apiUrl}/auth/v1/admin/users`, {
        method: 'POST',
        headers: {
          apikey: serviceRoleKey,
          authorization: `Bearer ${serviceRoleKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ email, password: PASSWORD, email_confirm: true }),
      }),
    );
  }
  const tokens = await Promise.all(
    emails.map(async (e) => (await json<{ access_token: string }>(await signIn(e))).access_token),
  );
  const bbox = await json<{ rows: [number, ...unknown[]][] }>(
    await fetch(
      `${apiUrl}/rest/v1/rpc/proposals_in_bbox?p_min_lng=11.1&p_min_lat=43.7&p_max_lng=11.35&p_max_lat=43.85&p_include_unpublished=false`,
      { headers: headers() },
    ),
  );
  const ids = bbox.rows.map((r) => r[0]);
  if (ids.length === 0) throw new Error('no proposals in the demo');

  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const view = (): string => {
    const lng = 11.2 + Math.random() * 0.08;
    const lat = 43.75 + Math.random() * 0.05;
    return `p_min_lng=${lng}&p_min_lat=${lat}&p_max_lng=${lng + 0.03}&p_max_lat=${lat + 0.02}&p_include_unpublished=false`;
  };

  const requests: Record<Kind, () => Promise<Response>[]> = {
    map: () => [fetch(`${apiUrl}/rest/v1/rpc/proposals_in_bbox?${view()}`, { headers: headers() })],
    sheet: () => {
      const id = pick(ids);
      return [
        fetch(`${apiUrl}/rest/v1/proposals?id=eq.${id}&select=*`, { headers: headers() }),
        fetch(`${apiUrl}/rest/v1/comments?proposal_id=eq.${id}&moderation_state=eq.published&order=created_at`, {
          headers: headers(),
        }),
      ];
    },
    vote: () => [
      fetch(`${apiUrl}/rest/v1/rpc/cast_vote`, {
        method: 'POST',
        headers: { ...headers(pick(tokens)), 'content-type': 'application/json' },
        body: JSON.stringify({ p_proposal_id: pick(ids), p_value: Math.random() < 0.7 ? 1 : -1 }),
      }),
    ],
    comment: () => [
      fetch(`${apiUrl}/rest/v1/comments`, {
        method: 'POST',
        headers: { ...headers(pick(tokens)), 'content-type': 'application/json', prefer: 'return=minimal' },
        body: JSON.stringify({ proposal_id: pick(ids), body: 'Bonne idée, et il faudrait aussi un passage piéton.' }),
      }),
    ],
    signin: () => [signIn(pick(emails))],
  };
  const nextKind = (): Kind => {
    let r = Math.random();
    for (const [kind, share] of MIX) if ((r -= share) < 0) return kind;
    return 'map';
  };

  async function step(concurrency: number) {
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    const end = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const kind = nextKind();
          for (const pending of requests[kind]()) {
            const started = performance.now();
            const response = await pending;
            await response.arrayBuffer();
            latencies.push(performance.now() - started);
            if (!response.ok)
              failures.set(`${kind} ${response.status}`, (failures.get(`${kind} ${response.status}`) ?? 0) + 1);
          }
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return { concurrency, rps: latencies.length / SECONDS, p50: p(0.5), p95: p(0.95), failures };
  }

  const results = [];
  for (const concurrency of STEPS) {
    const result = await step(concurrency);
    results.push(result);
    console.error(`${concurrency} in flight: ${result.rps.toFixed(0)} req/s, p95 ${result.p95.toFixed(1)} ms`);
  }
  const best = results.filter((r) => r.p95 <= P95_BUDGET_MS).sort((a, b) => b.rps - a.rps)[0];
  const lines = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: load mix on PostgreSQL (npm run bench:load)`,
    '',
    `${os.cpus().length} cores, load average ${load.join(' / ')} at start; ${SECONDS} s per step, ${USERS} residents, ` +
      `${ids.length} published proposals; mix ${MIX.map(([k, s]) => `${k} ${s * 100} %`).join(', ')}.`,
    '',
    '| in flight | requests/s | p50 ms | p95 ms | refusals |',
    '| --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.concurrency} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${
          [...r.failures].map(([k, n]) => `${k}: ${n}`).join(', ') || '0'
        } |`,
    ),
    '',
    best
      ? `Sustained with p95 ≤ ${P95_BUDGET_MS} ms: **${best.rps.toFixed(0)} requests/s** (${best.concurrency} in flight).`
      : `No step kept p95 ≤ ${P95_BUDGET_MS} ms.`,
  ];
  console.log(lines.join('\n'));
} finally {
  await test.stop();
}
