import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { DistrictGeometry } from '../api/index.ts';

/**
 * Whether a point is inside one of the geometries, edges included, by
 * `@turf/boolean-point-in-polygon`: the app refuses what the database would refuse. Only a
 * point within about 10 µm of the city's outer edge could be judged otherwise, where the
 * database rounds (docs/aggregation.md); the database has the last word.
 */
export function pointInAny(geometries: readonly DistrictGeometry[], lng: number, lat: number): boolean {
  return geometries.some((geometry) => booleanPointInPolygon([lng, lat], geometry));
}
