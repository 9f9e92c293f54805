import type { PreparedPolygon } from './types.ts';

/**
 * The database's rule (private.district_for_point), edge by edge and in the same IEEE double
 * operations: only rings whose bounding box holds the point take part; the polygon holds the
 * point when it lies on one of their edges, or when a ray towards +x crosses them (outer ring
 * and holes together) an odd number of times.
 */
export function polygonHolds(polygon: PreparedPolygon, x: number, y: number): boolean {
  let crossings = 0;
  for (const ring of polygon.rings) {
    if (x < ring.minX || x > ring.maxX || y < ring.minY || y > ring.maxY) continue;
    const { xs, ys } = ring;
    for (let i = 0; i + 1 < xs.length; i += 1) {
      const x1 = xs[i]!;
      const y1 = ys[i]!;
      const x2 = xs[i + 1]!;
      const y2 = ys[i + 1]!;
      if (
        (x - x1) * (y2 - y1) === (y - y1) * (x2 - x1) &&
        x >= Math.min(x1, x2) &&
        x <= Math.max(x1, x2) &&
        y >= Math.min(y1, y2) &&
        y <= Math.max(y1, y2)
      ) {
        return true;
      }
      if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) crossings += 1;
    }
  }
  return crossings % 2 === 1;
}
