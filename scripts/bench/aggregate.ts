// npm run bench:aggregate [-- --write] [-- --quick]
// Synthetic city of 80 districts (~450 vertices each) and 10k / 100k / 1M random proposals,
// same data in the same run: our grid index (Turf on the pieces of the boundary cells), Turf with
// the districts' bounding boxes (1M extrapolated from 100k), naive Turf (every point against every
// district; 100k and 1M extrapolated from a 10k sample) and PostGIS ST_Contains with GiST indexes
// on a throwaway PostgreSQL 15 cluster. --write appends a dated entry to the "Aggregation" section
// of docs/benchmarks.md.
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Polygon, Position } from 'geojson';
import pg from 'pg';
import { format, resolveConfig } from 'prettier';
import { assignDistrictIndices } from '../../src/lib/geo/districts/assign-district-indices.ts';
import { buildDistrictIndex } from '../../src/lib/geo/districts/build-district-index.ts';
import { districtForPoint } from '../../src/lib/geo/districts/district-for-point.ts';
import { boxLayer, turfDistrictAt } from '../../src/lib/geo/districts/turf-district-at.ts';
import type { DistrictLayer } from '../../src/lib/geo/districts/types.ts';
import { validateDistrictLayer } from '../../src/lib/geo/districts/validate-district-layer.ts';
import { startThrowawayPostgres } from '../../harness/postgres.ts';

const COLS = 10;
const ROWS = 8;
const PER_SIDE = 112; // 4 sides × 112 ≈ 450 vertices per district
const [X0, Y0, X1, Y1] = [11.15, 43.72, 11.35, 43.84];
const quick = process.argv.includes('--quick');
const SIZES = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];

function mulberry(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A wiggly side from grid node a to node b, identical for both districts that share it. */
function side(ax: number, ay: number, bx: number, by: number, seed: number): Position[] {
  const random = mulberry(seed);
  const length = Math.hypot(bx - ax, by - ay);
  const [nx, ny] = [-(by - ay) / length, (bx - ax) / length];
  const phases = [random() * 6.28, random() * 6.28];
  const points: Position[] = [];
  for (let k = 0; k < PER_SIDE; k += 1) {
    const t = k / PER_SIDE;
    const wiggle =
      Math.sin(Math.PI * t) * length * (0.08 * Math.sin(6 * t + phases[0]!) + 0.02 * Math.sin(40 * t + phases[1]!));
    points.push([ax + (bx - ax) * t + nx * wiggle, ay + (by - ay) * t + ny * wiggle]);
  }
  return points;
}

function syntheticCity(): DistrictLayer {
  const node = (c: number, r: number): [number, number] => [X0 + ((X1 - X0) * c) / COLS, Y0 + ((Y1 - Y0) * r) / ROWS];
  const edge = (c1: number, r1: number, c2: number, r2: number): Position[] => {
    const forward = c1 < c2 || (c1 === c2 && r1 < r2);
    const [a, b] = forward ? [node(c1, r1), node(c2, r2)] : [node(c2, r2), node(c1, r1)];
    const seed = (forward ? [c1, r1, c2, r2] : [c2, r2, c1, r1]).reduce((s, v) => s * 31 + v, 7);
    const pts = side(a[0], a[1], b[0], b[1], seed);
    if (forward) return pts;
    return [...pts.slice(1), b].reverse();
  };
  const features: Feature<Polygon>[] = [];
  for (let r = 0; r < ROWS; r += 1)
    for (let c = 0; c < COLS; c += 1) {
      const ring = [
        ...edge(c, r, c + 1, r),
        ...edge(c + 1, r, c + 1, r + 1),
        ...edge(c + 1, r + 1, c, r + 1),
        ...edge(c, r + 1, c, r),
      ];
      ring.push(ring[0]!);
      features.push({
        type: 'Feature',
        properties: { name: `D${r * COLS + c + 1}` },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  return { type: 'FeatureCollection', features };
}

function randomPoints(n: number, seed: number): { lngs: Float64Array; lats: Float64Array } {
  const random = mulberry(seed);
  const lngs = new Float64Array(n);
  const lats = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    lngs[i] = X0 - 0.01 + random() * (X1 - X0 + 0.02);
    lats[i] = Y0 - 0.01 + random() * (Y1 - Y0 + 0.02);
  }
  return { lngs, lats };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 1)} ms`);

async function postgis(
  layer: DistrictLayer,
  sets: { lngs: Float64Array; lats: Float64Array }[],
): Promise<(number | null)[]> {
  let server: Awaited<ReturnType<typeof startThrowawayPostgres>> | undefined;
  let client: pg.Client | undefined;
  try {
    server = await startThrowawayPostgres();
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('create extension postgis');
    await client.query('create table districts (id int primary key, geom geometry(Polygon, 4326) not null)');
    for (const [i, f] of layer.features.entries())
      await client.query('insert into districts values ($1, st_setsrid(st_geomfromgeojson($2), 4326))', [
        i,
        JSON.stringify(f.geometry),
      ]);
    await client.query('create index on districts using gist (geom)');
    const times: (number | null)[] = [];
    for (const set of sets) {
      await client.query('drop table if exists points');
      await client.query('create table points (id int, geom geometry(Point, 4326))');
      for (let s = 0; s < set.lngs.length; s += 100_000) {
        await client.query(
          'insert into points select n, st_setsrid(st_makepoint(x, y), 4326) from unnest($1::float8[], $2::float8[], $3::int[]) as u (x, y, n)',
          [
            Array.from(set.lngs.subarray(s, s + 100_000)),
            Array.from(set.lats.subarray(s, s + 100_000)),
            Array.from({ length: Math.min(100_000, set.lngs.length - s) }, (_, k) => s + k),
          ],
        );
      }
      await client.query('create index on points using gist (geom)');
      await client.query('analyze points; analyze districts');
      const query = 'select d.id, count(*) from districts d join points p on st_contains(d.geom, p.geom) group by d.id';
      await client.query(query);
      const runs: number[] = [];
      for (let k = 0; k < 3; k += 1) {
        const t = performance.now();
        await client.query(query);
        runs.push(performance.now() - t);
      }
      times.push(median(runs));
    }
    return times;
  } catch (error) {
    console.warn(`PostGIS skipped: ${error instanceof Error ? error.message : String(error)}`);
    return sets.map(() => null);
  } finally {
    await client?.end();
    await server?.stop();
  }
}

async function main() {
  const load = loadavg()[0]!.toFixed(1);
  const layer = syntheticCity();
  const validation = validateDistrictLayer(layer, { maxVertices: 100_000 });
  if (!validation.ok || validation.warnings.length > 0)
    throw new Error(
      `synthetic city invalid: ${JSON.stringify([...validation.errors, ...validation.warnings].slice(0, 3))}`,
    );
  const vertices = layer.features.reduce((n, f) => n + (f.geometry.coordinates[0]?.length ?? 0), 0);
  const t0 = performance.now();
  const index = buildDistrictIndex(layer);
  const buildMs = performance.now() - t0;
  console.log(
    `${layer.features.length} districts, ${vertices} vertices, index ${index.cols}×${index.rows}, ${index.boundaryCells} boundary cells, ${index.pieces.length} pieces, built in ${ms(buildMs)}`,
  );

  const sets = SIZES.map((n, i) => randomPoints(n, 1000 + i));
  const ours: number[] = [];
  const oursBest: number[] = [];
  for (const set of sets) {
    assignDistrictIndices(index, set.lngs, set.lats);
    const runs: number[] = [];
    for (let k = 0; k < 7; k += 1) {
      const t = performance.now();
      assignDistrictIndices(index, set.lngs, set.lats);
      runs.push(performance.now() - t);
    }
    ours.push(median(runs));
    oursBest.push(Math.min(...runs));
  }

  // Turf with bounding boxes on the 10k and 100k sets (median of 3); 1M extrapolated from 100k.
  const boxed = boxLayer(layer);
  const turfBoxes = sets.slice(0, 2).map((set) => {
    const runs: number[] = [];
    for (let k = 0; k < 3; k += 1) {
      const t = performance.now();
      for (let i = 0; i < set.lngs.length; i += 1) turfDistrictAt(boxed, set.lngs[i]!, set.lats[i]!);
      runs.push(performance.now() - t);
    }
    return median(runs);
  });

  // Naive Turf on a 10k sample (the first set); check ours against the exact reference too.
  const sample = sets[0]!;
  const assigned = assignDistrictIndices(index, sample.lngs, sample.lats);
  let turfDisagree = 0;
  let referenceDisagree = 0;
  let boxesDisagree = 0;
  const t1 = performance.now();
  for (let i = 0; i < sample.lngs.length; i += 1) {
    const point = [sample.lngs[i]!, sample.lats[i]!];
    let found = -1;
    for (let d = 0; d < layer.features.length; d += 1)
      if (booleanPointInPolygon(point, layer.features[d]!) && found < 0) found = d;
    if (found !== assigned[i]) turfDisagree += 1;
  }
  const naivePerPoint = (performance.now() - t1) / sample.lngs.length;
  for (let i = 0; i < sample.lngs.length; i += 1) {
    if (districtForPoint(index.layer, sample.lngs[i]!, sample.lats[i]!) !== assigned[i]) referenceDisagree += 1;
    if (turfDistrictAt(boxed, sample.lngs[i]!, sample.lats[i]!) !== assigned[i]) boxesDisagree += 1;
  }

  const gis = await postgis(layer, sets);
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores (shared), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const lines = [
    `### ${date} UTC: Turf on the pieces of the boundary cells`,
    '',
    `Measured ${date} UTC on ${machine} with \`npm run bench:aggregate\` (scripts/bench/aggregate.ts); load average ${load} at the start (the machine is shared, so medians are noisy; the best run is shown too).`,
    `Synthetic city: ${layer.features.length} districts, ${vertices} vertices (≈${Math.round(vertices / layer.features.length)} each), random proposals over the city's box plus a margin.`,
    `Grid index: ${index.cols}×${index.rows} cells, ${index.boundaryCells} boundary cells holding ${index.pieces.length} districts' pieces clipped by \`@turf/bbox-clip\`, built once in ${ms(buildMs)}.`,
    '',
    '| proposals | our index + Turf on pieces, median (best) of 7 | Turf + bounding boxes (median of 3) | naive Turf, every point × every district | PostGIS `ST_Contains` + GiST (median of 3) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...SIZES.map((n, i) => {
      const naive = naivePerPoint * n;
      const extrapolated = n > sample.lngs.length ? ` (extrapolated from ${sample.lngs.length / 1000}k)` : '';
      const g = gis[i];
      const boxes = turfBoxes[i] ?? (turfBoxes[1]! * n) / sets[1]!.lngs.length;
      const boxesNote = i < turfBoxes.length ? '' : ` (extrapolated from ${sets[1]!.lngs.length / 1000}k)`;
      return `| ${n.toLocaleString('en')} | ${ms(ours[i]!)} (${ms(oursBest[i]!)}) | ${ms(boxes)}${boxesNote} | ${ms(naive)}${extrapolated} | ${g === null || g === undefined ? 'n/a' : ms(g)} |`;
    }),
    '',
    `Checks on the 10k sample: ${referenceDisagree} differences with the database's rule without index; ${boxesDisagree} with Turf + bounding boxes, ${turfDisagree} with naive Turf (Turf and PostGIS differ from the database only within rounding of a border, which random points never hit).`,
    'Our figure excludes building the index; PostGIS excludes loading and indexing the points (join query only).',
    '',
  ];
  const section = lines.join('\n');
  console.log(`\n${section}`);
  if (process.argv.includes('--write')) {
    const path = resolve(import.meta.dirname, '../../docs/benchmarks.md');
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
    const pattern = /## Aggregation\n[\s\S]*?(?=\n## |$)/;
    const next = pattern.test(current)
      ? current.replace(pattern, (old) => `${old.trimEnd()}\n\n${section}`)
      : `${current.trimEnd()}\n\n## Aggregation\n\n${section}`;
    writeFileSync(path, await format(next, { ...(await resolveConfig(path)), parser: 'markdown' }));
    console.log(`written to ${path}`);
  }
}

await main();
