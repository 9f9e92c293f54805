/**
 * `npm run bench:realtime`: 1,000 websocket subscribers (protocol 1.0.0, as anon) on one
 * proposal's changes (`proposals`, filter `id=eq.N`), through the API port of a stack on a
 * throwaway PostgreSQL; votes committed at steady rates, each moving the proposal's counters.
 * Latency is commit (the change's commit_timestamp) → delivery, at every subscriber.
 * Reports p50/p95/max per rate, the stack's memory per connection, and the highest rate
 * delivered with p95 ≤ 500 ms. Loopback only, bounded in time (a few minutes).
 */
import { rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import WebSocket from 'ws';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from '../../supabase/local/config.ts';
import { testStackEnv } from '../../harness/stack.ts';
import { startThrowawayPostgres } from '../../harness/postgres.ts';
import { startStackProcess } from '../../harness/stack-process.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const RATES = (process.env.BENCH_RATES ?? '10,20,40,80').split(',').map(Number);
const SECONDS_PER_RATE = Number(process.env.BENCH_SECONDS ?? 10);
const VOTERS = 100;

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin(apiUrl: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: {
      apikey: LOCAL_SERVICE_ROLE_KEY,
      authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`,
      'content-type': 'application/json',
      prefer: 'return=representation',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const value = (await response.json()) as unknown;
  return (Array.isArray(value) ? value[0] : value) as Record<string, unknown>;
}

/** One subscriber: a raw websocket speaking 1.0.0, recording latencies of the proposal's updates. */
function subscribe(apiUrl: string, proposalId: number, latencies: number[]): Promise<WebSocket> {
  const socket = new WebSocket(
    `${apiUrl.replace('http', 'ws')}/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`,
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      socket.send(
        JSON.stringify({
          topic: 'realtime:bench',
          event: 'phx_join',
          ref: '1',
          join_ref: '1',
          payload: {
            config: {
              postgres_changes: [
                { event: 'UPDATE', schema: 'public', table: 'proposals', filter: `id=eq.${proposalId}` },
              ],
            },
          },
        }),
      );
    });
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        event: string;
        payload: { status?: string; data?: { commit_timestamp: string } };
      };
      if (message.event === 'phx_reply' && message.payload.status === 'ok') resolve(socket);
      else if (message.event === 'phx_reply') reject(new Error(JSON.stringify(message.payload)));
      else if (message.event === 'postgres_changes')
        latencies.push(Date.now() - Date.parse(message.payload.data!.commit_timestamp));
    });
  });
}

async function main(): Promise<void> {
  const postgres = await startThrowawayPostgres();
  const env = await testStackEnv({ DATABASE_URL: postgres.url });
  const apiUrl = `http://127.0.0.1:${env.API_PORT}`;
  const stack = await startStackProcess(env);
  const db = new pg.Pool({ connectionString: postgres.url, max: 4 });
  const sockets: WebSocket[] = [];
  try {
    const x = 130 + Math.random();
    const district = await admin(apiUrl, '/rest/v1/districts', {
      slug: 'bench',
      name: 'Bench',
      population: 1000,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, 10],
            [x + 0.01, 10],
            [x + 0.01, 10.01],
            [x, 10.01],
            [x, 10],
          ],
        ],
      },
    });
    const category = await admin(apiUrl, '/rest/v1/categories', {
      slug: 'bench',
      label_fr: 'Banc',
      label_en: 'Bench',
      color: '#123456',
      icon: 'flag',
    });
    const voters: string[] = [];
    for (let i = 0; i < VOTERS; i++)
      voters.push(
        (await admin(apiUrl, '/auth/v1/admin/users', { email: `voter${i}@bench.test`, email_confirm: true }))
          .id as string,
      );
    const proposal = await admin(apiUrl, '/rest/v1/proposals', {
      author_id: voters[0],
      title: 'Bench',
      category_id: category.id,
      district_id: district.id,
      location: { type: 'Point', coordinates: [x + 0.005, 10.005] },
    });
    const proposalId = Number(proposal.id);

    const latencies: number[] = [];
    const before = rssKb(stack.child.pid!);
    for (let i = 0; i < SUBSCRIBERS; i += 50) {
      sockets.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, SUBSCRIBERS - i) }, () => subscribe(apiUrl, proposalId, latencies)),
        )),
      );
    }
    await sleep(2000);
    const perConnection = ((rssKb(stack.child.pid!) - before) / SUBSCRIBERS).toFixed(1);

    const results: { rate: number; votes: number; delivered: number; p50: number; p95: number; max: number }[] = [];
    let flip = 0;
    for (const rate of RATES) {
      latencies.length = 0;
      const votes = rate * SECONDS_PER_RATE;
      const started = Date.now();
      const pending: Promise<unknown>[] = [];
      for (let n = 0; n < votes; n++) {
        const due = started + (n * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
        const voter = voters[flip++ % VOTERS];
        pending.push(
          db.query(
            `insert into public.votes (proposal_id, voter_id, value) values ($1, $2, 1)
             on conflict (proposal_id, voter_id) do update set value = -public.votes.value`,
            [proposalId, voter],
          ),
        );
      }
      await Promise.all(pending);
      const deadline = Date.now() + 10_000;
      while (latencies.length < votes * SUBSCRIBERS && Date.now() < deadline) await sleep(100);
      const sorted = [...latencies].sort((a, b) => a - b);
      results.push({
        rate,
        votes,
        delivered: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        max: sorted.at(-1) ?? NaN,
      });
      console.error(`rate ${rate}/s done`, results.at(-1));
    }

    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
    console.log(
      `\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${load}`,
    );
    console.log(
      `${SUBSCRIBERS} subscribers (anon, one filter), stack memory per connection ≈ ${perConnection} KiB RSS\n`,
    );
    console.log('| votes/s | votes | deliveries (expected) | p50 ms | p95 ms | max ms |');
    console.log('| ------- | ----- | --------------------- | ------ | ------ | ------ |');
    for (const r of results)
      console.log(
        `| ${r.rate} | ${r.votes} | ${r.delivered} (${r.votes * SUBSCRIBERS}) | ${r.p50} | ${r.p95} | ${r.max} |`,
      );
    const best = results.filter((r) => r.p95 <= 500 && r.delivered === r.votes * SUBSCRIBERS).at(-1);
    console.log(
      `\nHighest rate delivered in full with p95 ≤ 500 ms: ${best ? `${best.rate} votes/s` : 'none of those tried'}`,
    );
  } finally {
    for (const socket of sockets) socket.terminate();
    await db.end();
    await stack.interrupt();
    await postgres.stop();
    rmSync(env.DATA_DIR!, { recursive: true, force: true });
  }
}

await main();
