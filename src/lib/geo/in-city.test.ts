import { describe, expect, it } from 'vitest';
import type { DistrictGeometry } from '../api/index.ts';
import { pointInAny } from './in-city.ts';

const square: DistrictGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ],
    [
      [0.5, 0.5],
      [1, 0.5],
      [1, 1],
      [0.5, 1],
      [0.5, 0.5],
    ],
  ],
};
const far: DistrictGeometry = { type: 'MultiPolygon', coordinates: [square.coordinates as number[][][]] };

describe('pointInAny', () => {
  it('holds points inside, refuses points outside and in holes', () => {
    expect(pointInAny([square], 1.5, 1.5)).toBe(true);
    expect(pointInAny([square], 3, 1)).toBe(false);
    expect(pointInAny([square], 0.75, 0.75)).toBe(false);
  });
  it('counts edges and corners as inside, like the database', () => {
    expect(pointInAny([square], 2, 1)).toBe(true);
    expect(pointInAny([square], 0, 0)).toBe(true);
    expect(pointInAny([square], 1, 0.75)).toBe(true);
  });
  it('reads multipolygons', () => {
    expect(pointInAny([far], 1.5, 0.2)).toBe(true);
    expect(pointInAny([], 1, 1)).toBe(false);
  });
});
