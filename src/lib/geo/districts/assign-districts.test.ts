import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { assignDistricts } from './assign-districts.ts';
import { inBorderBand } from './border-band.ts';
import { buildDistrictIndex } from './build-district-index.ts';
import { districtForPoint } from './district-for-point.ts';
import { locatePoint } from './locate-point.ts';
import { boxLayer, turfDistrictAt } from './turf-district-at.ts';
import type { DistrictLayer } from './types.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/assign');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;

function split(collection: FeatureCollection<Geometry>): { layer: DistrictLayer; points: [number, number][] } {
  const districts = collection.features.filter((f) => f.geometry.type !== 'Point') as Feature<Polygon | MultiPolygon>[];
  const points = collection.features
    .filter((f): f is Feature<Point> => f.geometry.type === 'Point')
    .map((f) => f.geometry.coordinates as [number, number]);
  return { layer: { type: 'FeatureCollection', features: districts }, points };
}

describe('assignDistricts fixtures (in/ → out/)', () => {
  for (const file of readdirSync(join(FIXTURES, 'in'))) {
    const name = file.replace(/\.geojson$/, '');
    it(name, () => {
      const input = read(join(FIXTURES, 'in', file)) as FeatureCollection<Geometry>;
      const before = JSON.stringify(input);
      const { layer, points } = split(input);
      const expected = read(join(FIXTURES, 'out', `${name}.json`));
      expect(assignDistricts(points, layer)).toEqual(expected);
      // The reference without an index agrees, and the input is left as it was.
      const index = buildDistrictIndex(layer);
      expect(points.map(([x, y]) => districtForPoint(index.layer, x, y))).toEqual(
        (expected as (number | null)[]).map((d) => d ?? -1),
      );
      expect(JSON.stringify(input)).toBe(before);
    });
  }
});

describe('the grid index on the Florence districts', () => {
  const florence = read(
    join(import.meta.dirname, '../../../../../shared/city-packs/firenze/districts.geojson'),
  ) as DistrictLayer;
  const index = buildDistrictIndex(florence);
  const { minX, minY, maxX, maxY } = index;
  const cellOf = (x: number, y: number) =>
    Math.min(index.rows - 1, Math.floor((y - minY) * index.invCellH)) * index.cols +
    Math.min(index.cols - 1, Math.floor((x - minX) * index.invCellW));

  it('gives the reference answer for random points, every vertex and every edge midpoint', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const points: [number, number][] = [];
    for (let i = 0; i < 20_000; i += 1) points.push([minX + random() * (maxX - minX), minY + random() * (maxY - minY)]);
    for (const polygon of index.layer.polygons)
      for (const ring of polygon.rings)
        for (let i = 0; i + 1 < ring.xs.length; i += 1) {
          points.push([ring.xs[i]!, ring.ys[i]!]);
          points.push([(ring.xs[i]! + ring.xs[i + 1]!) / 2, (ring.ys[i]! + ring.ys[i + 1]!) / 2]);
        }
    const mismatches = points.filter(([x, y]) => locatePoint(index, x, y) !== districtForPoint(index.layer, x, y));
    expect(mismatches).toEqual([]);
  });

  it('needs the border band: on some edge midpoints Turf alone and the database disagree, the band catches each', () => {
    const boxed = boxLayer(florence);
    const midpoints = index.layer.polygons.flatMap((polygon) =>
      polygon.rings.flatMap((ring) =>
        Array.from({ length: ring.xs.length - 1 }, (_, i) => [
          (ring.xs[i]! + ring.xs[i + 1]!) / 2,
          (ring.ys[i]! + ring.ys[i + 1]!) / 2,
        ]),
      ),
    );
    const disputed = midpoints.filter(
      ([x, y]) => turfDistrictAt(boxed, x!, y!) !== districtForPoint(index.layer, x!, y!),
    );
    expect(disputed.length).toBeGreaterThan(0);
    for (const [x, y] of disputed) {
      const value = index.cells[cellOf(x!, y!)]!;
      expect(value).toBeLessThan(-1);
      const cell = -(value + 2);
      expect(inBorderBand(index.edgeCoords, index.edgeOffsets[cell]!, index.edgeOffsets[cell + 1]!, x!, y!)).toBe(true);
    }
  });

  it('agrees with Turf away from the borders', () => {
    const boxed = boxLayer(florence);
    for (let i = 0; i < 500; i += 1) {
      const x = minX + (((i * 7919) % 1000) / 1000) * (maxX - minX);
      const y = minY + (((i * 104729) % 997) / 997) * (maxY - minY);
      const ours = locatePoint(index, x, y);
      expect(ours).toBe(florence.features.findIndex((f) => booleanPointInPolygon([x, y], f)));
      expect(ours).toBe(turfDistrictAt(boxed, x, y));
    }
  });
});
