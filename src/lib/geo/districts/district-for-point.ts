import { polygonHolds } from './polygon-holds.ts';
import type { PreparedLayer } from './types.ts';

/**
 * Reference implementation without an index: the district (feature index) holding the point,
 * the lowest index when several do (shared border or corner), or -1 outside all.
 */
export function districtForPoint(layer: PreparedLayer, x: number, y: number): number {
  for (const polygon of layer.polygons) {
    if (x < polygon.minX || x > polygon.maxX || y < polygon.minY || y > polygon.maxY) continue;
    if (polygonHolds(polygon, x, y)) return polygon.district;
  }
  return -1;
}
