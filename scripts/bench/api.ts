/**
 * `npm run bench:api`: latency and throughput of reads and writes through the API port (:54321
 * path) versus PostgREST directly, in the same run, on PGlite and on a throwaway PostgreSQL 15,
 * with each edge: nginx in front (the default when installed) and the Node gateway alone.
 * Also reports cold start to ready. Prints a Markdown table for docs/benchmarks.md.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { LOCAL_SERVICE_ROLE_KEY } from '../../supabase/local/config.ts';
import { testStackEnv, type Lane } from '../../harness/stack.ts';
import { startThrowawayPostgres } from '../../harness/postgres.ts';
import { startStackProcess } from '../../harness/stack-process.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const WARM_UP = 200;

interface Result {
  p50: number;
  p95: number;
}

/** Requests per second with `concurrency` in flight. */
async function throughput(send: () => Promise<Response>, concurrency: number): Promise<number> {
  for (let i = 0; i < 50; i++) await (await send()).arrayBuffer();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < REQUESTS) {
        const response = await send();
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      }
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

/**
 * Latency one request at a time, the two targets interleaved request by request (which goes first
 * alternates): both see the same warm-up, caches and machine noise. Measured in blocks instead,
 * the target measured first right after start-up looked up to 25 % slower on PGlite.
 */
async function latencies(a: () => Promise<Response>, b: () => Promise<Response>): Promise<[Result, Result]> {
  for (let i = 0; i < WARM_UP; i++) for (const send of [a, b]) await (await send()).arrayBuffer();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < REQUESTS; i++) {
    const order = i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const which of order) {
      const t0 = performance.now();
      const response = await (which === 0 ? a : b)();
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      times[which].push(performance.now() - t0);
    }
  }
  const summary = (list: number[]): Result => {
    const sorted = [...list].sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { p50: at(0.5), p95: at(0.95) };
  };
  return [summary(times[0]), summary(times[1])];
}

async function benchLane(lane: Lane): Promise<string[]> {
  const postgres = lane === 'postgres' ? await startThrowawayPostgres() : undefined;
  const env = await testStackEnv(postgres ? { DATABASE_URL: postgres.url } : {});
  const coldStart = performance.now();
  let stack = await startStackProcess(env);
  const lines = [
    `| ${lane} | nginx | cold start to ready (empty data dir) | ${(performance.now() - coldStart).toFixed(0)} ms | | |`,
  ];
  try {
    const db = new pg.Client(postgres?.url ?? `postgres://postgres@127.0.0.1:${env.DB_PORT}/postgres`);
    await db.connect();
    await db.query(`
      create table public.bench_items (id bigint generated always as identity primary key, label text not null);
      alter table public.bench_items enable row level security;
      grant select, insert on public.bench_items to service_role;
      insert into public.bench_items (label) select 'item ' || g from generate_series(1, 100) g;`);
    await db.end();
    await stack.interrupt();
    const auth = { apikey: LOCAL_SERVICE_ROLE_KEY, authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` };
    const targets = {
      gateway: `http://127.0.0.1:${env.API_PORT}/rest/v1`,
      direct: `http://127.0.0.1:${env.POSTGREST_PORT}`,
    };
    const read = (base: string) => () => fetch(`${base}/bench_items?select=id,label&limit=20`, { headers: auth });
    const write = (base: string) => () =>
      fetch(`${base}/bench_items`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', prefer: 'return=minimal' },
        body: JSON.stringify({ label: 'bench' }),
      });
    for (const edge of ['nginx', 'node'] as const) {
      const warmStart = performance.now();
      stack = await startStackProcess({ ...env, GATEWAY: edge });
      lines.push(`| ${lane} | ${edge} | warm start to ready | ${(performance.now() - warmStart).toFixed(0)} ms | | |`);
      for (const [op, make] of Object.entries({ read, write })) {
        // Latency interleaved, one request at a time; throughput with CONCURRENCY in flight.
        const [g1, d1] = await latencies(make(targets.gateway), make(targets.direct));
        const gN = await throughput(make(targets.gateway), CONCURRENCY);
        const dN = await throughput(make(targets.direct), CONCURRENCY);
        const overhead = ((g1.p50 - d1.p50) / d1.p50) * 100;
        lines.push(
          `| ${lane} | ${edge} | ${op} | p50 ${g1.p50.toFixed(2)} / p95 ${g1.p95.toFixed(2)} ms, ${gN.toFixed(0)} req/s | p50 ${d1.p50.toFixed(2)} / p95 ${d1.p95.toFixed(2)} ms, ${dN.toFixed(0)} req/s | ${overhead.toFixed(1)} % |`,
        );
      }
      await stack.interrupt();
    }
  } finally {
    await stack.interrupt();
    await postgres?.stop();
    rmSync(env.DATA_DIR!, { recursive: true, force: true });
  }
  return lines;
}

const header = [
  `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${REQUESTS} requests per cell; latency at concurrency 1, throughput at ${CONCURRENCY}.`,
  '',
  '| database | edge on :54321 | operation | through the API port | PostgREST directly | latency added (p50) |',
  '| --- | --- | --- | --- | --- | --- |',
];
const rows = [...(await benchLane('pglite')), ...(await benchLane('postgres'))];
console.log([...header, ...rows].join('\n'));
