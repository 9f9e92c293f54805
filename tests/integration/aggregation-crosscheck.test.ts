import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../supabase/local/city/load-city.ts';
import { insertDistricts } from '../../supabase/local/seed/city.ts';
import { assignDistrictIndices } from '../../src/lib/geo/districts/assign-district-indices.ts';
import { buildDistrictIndex } from '../../src/lib/geo/districts/build-district-index.ts';
import type { DistrictLayer } from '../../src/lib/geo/districts/types.ts';
import { currentLane, startTestStack, type TestStack } from '../../harness/stack.ts';

// The aggregation's district assignment must equal the database's own on the official layer:
// 10 000 random points in Florence's box (plus every 7th vertex and edge midpoint, where the
// border rule matters) go through private.district_for_point and through the grid index.
const CITY_PACK = resolve(import.meta.dirname, '../../../shared/city-packs/firenze');

describe(`aggregation cross-check against the database (${currentLane()})`, () => {
  let stack: TestStack;
  let layer: DistrictLayer;
  let idByIndex: number[];

  beforeAll(async () => {
    stack = await startTestStack(currentLane(), { CITY_PACK });
    const pool = stack.stack.ctx.db.pool;
    await insertDistricts(pool, loadCity(CITY_PACK));
    const { rows } = await pool.query<{ id: string }>('select id from public.districts order by id');
    idByIndex = rows.map((r) => Number(r.id));
    layer = JSON.parse(readFileSync(resolve(CITY_PACK, 'districts.geojson'), 'utf8')) as DistrictLayer;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('has the city pack loaded in file order', () => {
    expect(idByIndex).toHaveLength(layer.features.length);
  });

  it('assigns 10 000 random points, vertices and edge midpoints like the database', { timeout: 600_000 }, async () => {
    const index = buildDistrictIndex(layer);
    const lngs: number[] = [];
    const lats: number[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      lngs.push(index.minX - 0.002 + Math.random() * (index.maxX - index.minX + 0.004));
      lats.push(index.minY - 0.002 + Math.random() * (index.maxY - index.minY + 0.004));
    }
    for (const polygon of index.layer.polygons)
      for (const ring of polygon.rings)
        for (let i = 0; i + 1 < ring.xs.length; i += 7) {
          lngs.push(ring.xs[i]!, (ring.xs[i]! + ring.xs[i + 1]!) / 2);
          lats.push(ring.ys[i]!, (ring.ys[i]! + ring.ys[i + 1]!) / 2);
        }
    const ours = Array.from(assignDistrictIndices(index, lngs, lats), (d) => (d < 0 ? null : idByIndex[d]!));
    const theirs: (number | null)[] = [];
    const pool = stack.stack.ctx.db.pool;
    const started = Date.now();
    for (let start = 0; start < lngs.length; start += 2000) {
      const { rows } = await pool.query<{ district: string | null }>(
        `select private.district_for_point(p.lng, p.lat) as district
         from unnest($1::float8[], $2::float8[]) with ordinality as p (lng, lat, n) order by p.n`,
        [lngs.slice(start, start + 2000), lats.slice(start, start + 2000)],
      );
      theirs.push(...rows.map((r) => (r.district === null ? null : Number(r.district))));
    }
    console.info(`${lngs.length} points through the database in ${Date.now() - started} ms`);
    const mismatches = ours
      .map((d, i) => ({ i, lng: lngs[i], lat: lats[i], ours: d, theirs: theirs[i] }))
      .filter((m) => m.ours !== m.theirs);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(theirs.filter((d) => d !== null).length).toBeGreaterThan(5_000);
  });
});
