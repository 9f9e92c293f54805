import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCity } from '../../../supabase/local/city/load-city.ts';
import { labelPoint, type LabelGeometry } from './label-point.ts';

const FIRENZE = new URL('../../../../shared/city-packs/firenze', import.meta.url).pathname;

/** Even-odd point-in-polygon, to check answers without trusting the function under test. */
function inside(geometry: LabelGeometry, [x, y]: [number, number]): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => {
    let odd = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > y !== yj > y && x < xi + ((y - yi) / (yj - yi)) * (xj - xi)) odd = !odd;
      }
    }
    return odd;
  });
}

const square: LabelGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};

describe('labelPoint', () => {
  it('puts a square label near its centre', () => {
    const [x, y] = labelPoint(square);
    expect(x).toBeCloseTo(5, 0);
    expect(Math.abs(y - 5)).toBeLessThan(0.5);
  });

  it('stays inside a U shape, whose centroid is outside', () => {
    const u: LabelGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [7, 10],
          [7, 3],
          [3, 3],
          [3, 10],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    expect(inside(u, labelPoint(u))).toBe(true);
  });

  it('avoids a hole in the middle', () => {
    const ring: LabelGeometry = {
      type: 'Polygon',
      coordinates: [
        square.coordinates[0]!,
        [
          [3, 3],
          [3, 7],
          [7, 7],
          [7, 3],
          [3, 3],
        ],
      ],
    };
    const point = labelPoint(ring);
    expect(inside(ring, point)).toBe(true);
  });

  it('picks the biggest island of a multipolygon', () => {
    const islands: LabelGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [20, 20],
            [21, 20],
            [21, 21],
            [20, 21],
            [20, 20],
          ],
        ],
        square.coordinates,
      ],
    };
    const [x, y] = labelPoint(islands);
    expect(x).toBeLessThan(10);
    expect(y).toBeLessThan(10);
  });

  it('does not mutate its input', () => {
    const copy = JSON.parse(JSON.stringify(square)) as LabelGeometry;
    labelPoint(square);
    expect(square).toEqual(copy);
  });

  it('lands inside every district of the synthetic city', () => {
    for (const district of loadCity(undefined).districts.features) {
      expect(inside(district.geometry, labelPoint(district.geometry)), district.properties.name).toBe(true);
    }
  });

  it.runIf(existsSync(FIRENZE))('lands inside every quartiere of Florence, and only one', () => {
    const quartieri = loadCity(FIRENZE).districts.features;
    for (const district of quartieri) {
      const point = labelPoint(district.geometry);
      const containing = quartieri.filter((q) => inside(q.geometry, point)).map((q) => q.properties.name);
      expect(containing).toEqual([district.properties.name]);
    }
  });
});
