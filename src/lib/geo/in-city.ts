import type { DistrictGeometry } from '../api/index.ts';

type Ring = number[][];

/** Whether (x, y) lies on the segment a–b (same test as the database, in IEEE doubles). */
function onSegment(x: number, y: number, [x1, y1]: number[], [x2, y2]: number[]): boolean {
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return false;
  if (x < Math.min(x1, x2) || x > Math.max(x1, x2) || y < Math.min(y1, y2) || y > Math.max(y1, y2)) return false;
  return (x - x1) * (y2 - y1) === (y - y1) * (x2 - x1);
}

function crossings(x: number, y: number, ring: Ring): number {
  let count = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [x1, y1] = ring[j] ?? [];
    const [x2, y2] = ring[i] ?? [];
    if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) continue;
    if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) count += 1;
  }
  return count;
}

function polygonHolds(rings: Ring[], x: number, y: number): boolean {
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i += 1) if (onSegment(x, y, ring[i - 1]!, ring[i]!)) return true;
  }
  return rings.reduce((n, ring) => n + crossings(x, y, ring), 0) % 2 === 1;
}

/**
 * Whether a point is inside one of the geometries (edges count as inside), by the rules the
 * database uses to assign districts (docs/data-model.md), so the app refuses what it would refuse.
 */
export function pointInAny(geometries: readonly DistrictGeometry[], lng: number, lat: number): boolean {
  return geometries.some((g) =>
    g.type === 'Polygon'
      ? polygonHolds(g.coordinates, lng, lat)
      : g.coordinates.some((rings) => polygonHolds(rings, lng, lat)),
  );
}
