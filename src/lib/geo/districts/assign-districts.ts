import { buildDistrictIndex } from './build-district-index.ts';
import { locatePoint } from './locate-point.ts';
import type { DistrictIndex, DistrictLayer } from './types.ts';

/** A point as [lng, lat] or { lng, lat }. */
export type PointLike = readonly [number, number] | { readonly lng: number; readonly lat: number };

/**
 * The district of each point, as the index of its feature in the layer (the database's ids
 * follow the same order), or null outside every district. On a shared border or corner the
 * lowest index wins, as in the database. Pass a built index to reuse it across calls.
 */
export function assignDistricts(points: readonly PointLike[], layer: DistrictLayer | DistrictIndex): (number | null)[] {
  const index = 'cells' in layer ? layer : buildDistrictIndex(layer);
  return points.map((point) => {
    const [x, y] = 'lng' in point ? [point.lng, point.lat] : point;
    const district = locatePoint(index, x, y);
    return district < 0 ? null : district;
  });
}
