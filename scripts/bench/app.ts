/**
 * `npm run bench:app`: builds the app into a temp folder and, against a throwaway stack (PGlite,
 * Florence pack, demo seed) served like `npm start` on free ports, reports
 *  (a) the gzip size of the JavaScript the map screen loads before any interaction (MapLibre and
 *      its worker included), file by file;
 *  (b) a Lighthouse mobile run (default mobile emulation and simulated throttling) driving
 *      Debian's Chromium;
 *  (c) the time from navigation until all of 10 000 seeded proposals (plus the demo's) are drawn
 *      on the map (the map's `data-proposals-drawn`, counted from the rendered bubbles and clusters).
 * Prints a Markdown section for docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startDemoSite } from '../build/demo-site.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--no-first-run'];
const SEEDED = Number(process.env.BENCH_PROPOSALS ?? 10_000);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const load = os.loadavg().map((v) => v.toFixed(2));
console.error('Building…');
const site = await startDemoSite('bench-app');
const { outDir, test } = site;
const lines: string[] = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
try {
  // (a) The JavaScript fetched until the map is idle, nothing touched.
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const scripts = new Set<string>();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/assets/') && /\.m?js$/.test(path)) scripts.add(path);
  });
  await page.goto(`${site.url}/`);
  await page.locator('.city-map[data-map-idle="true"]').waitFor({ timeout: 120_000 });
  const sizes = [...scripts].map((path) => {
    const bytes = readFileSync(join(outDir, path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  lines.push(`(a) JavaScript before first interaction: **${kb(total)} gzip** (target ≤ 350 KB)`, '');
  lines.push('| file | raw | gzip |', '| --- | ---: | ---: |');
  for (const s of sizes.sort((x, y) => y.gzip - x.gzip)) lines.push(`| ${s.path} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
  await page.close();

  // (b) Lighthouse, mobile.
  console.error('Lighthouse…');
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...FLAGS] });
  try {
    const run = await lighthouse(`${site.url}/`, { port: chrome.port, output: 'json', logLevel: 'error' });
    const lhr = run!.lhr;
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const metric = (id: string) => lhr.audits[id]?.displayValue ?? '–';
    lines.push('', '(b) Lighthouse mobile (default emulation, simulated slow 4G):', '');
    lines.push('| performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | Speed Index |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    lines.push(
      `| ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ${score('seo')} | ` +
        `${metric('first-contentful-paint')} | ${metric('largest-contentful-paint')} | ${metric('total-blocking-time')} | ` +
        `${metric('cumulative-layout-shift')} | ${metric('speed-index')} |`,
    );
  } finally {
    chrome.kill();
  }

  // (c) 10k proposals: seeded inside the city's districts, then timed until all are drawn.
  console.error(`Seeding ${SEEDED} proposals…`);
  const { pool } = test.stack.ctx.db;
  const { city } = (await (await fetch(`${site.url}/config.json`)).json()) as { city: { bounds: number[] } };
  const [west, south, east, north] = city.bounds;
  let seeded = 0;
  while (seeded < SEEDED) {
    const batch = Math.min(2000, SEEDED - seeded);
    const { rowCount } = await pool.query(
      `with author as (select id from auth.users where email = 'resident@demo.local'),
            cats as (select array_agg(id) as ids from public.categories),
            candidates as (
              select $1::float8 + random() * ($3::float8 - $1) as lng, $2::float8 + random() * ($4::float8 - $2) as lat
              from generate_series(1, $5::int * 3)
            ),
            inside as (select * from candidates where private.district_for_point(lng, lat) is not null limit $5)
       insert into public.proposals (author_id, title, category_id, location)
       select author.id, 'Bench proposal ' || row_number() over (), cats.ids[1 + floor(random() * array_length(cats.ids, 1))::int],
              jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(lng, lat))
       from inside, author, cats`,
      [west, south, east, north, batch],
    );
    seeded += rowCount ?? 0;
  }
  const { rows } = await pool.query(
    `select count(*)::int as n from public.proposals where moderation_state = 'published'`,
  );
  const expected = rows[0].n as number;
  const timings: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const timed = await context.newPage();
    await timed.goto(`${site.url}/`);
    const handle = await timed.waitForFunction(
      (n) =>
        Number(document.querySelector('.city-map')?.getAttribute('data-proposals-drawn')) >= n && performance.now(),
      expected,
      { polling: 'raf', timeout: 120_000 },
    );
    timings.push(Math.round(Number(await handle.jsonValue())));
    await context.close();
  }
  lines.push(
    '',
    `(c) All ${expected} published proposals (${seeded} seeded) drawn, from navigation: ` +
      `**${Math.min(...timings)} ms** best, runs ${timings.join(' / ')} ms (target ≤ 2 s)`,
  );
} finally {
  await browser.close();
  await site.stop();
}

console.log(
  [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load average before: ${load.join(' ')}`,
    '',
    ...lines,
  ].join('\n'),
);
