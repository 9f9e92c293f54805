/**
 * A point well inside a polygon or multipolygon, where its name reads best: on a map, a
 * district's label; in a list, where to fly to. Pure: no Svelte, no network, input not mutated.
 *
 * How: horizontal lines cross the shape at regular heights; the middle of each stretch inside
 * the shape is a candidate. A vertical line through the candidate gives its inside stretch in the
 * other direction. The candidate whose shorter half-stretch is the longest wins: the point that is
 * farthest from the border along both axes. Works on concave shapes, holes and islands, where a
 * centroid can fall outside.
 */
type Ring = readonly (readonly number[])[];
type PolygonCoords = readonly Ring[];

export type LabelGeometry =
  { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: readonly PolygonCoords[] };

const LINES = 24;

/** Where the rings cross the line `axis = value` (axis 1: horizontal line at latitude `value`). */
function crossings(rings: PolygonCoords, axis: 0 | 1, value: number): number[] {
  const other = axis === 0 ? 1 : 0;
  const found: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const a = ring[i]!;
      const b = ring[j]!;
      const av = a[axis]!;
      const bv = b[axis]!;
      // Half-open rule: a vertex on the line counts once.
      if (av > value !== bv > value) {
        found.push(a[other]! + ((value - av) / (bv - av)) * (b[other]! - a[other]!));
      }
    }
  }
  return found.sort((x, y) => x - y);
}

/** The inside stretch of the line that contains `at`, or undefined if `at` is outside. */
function stretchAround(sorted: number[], at: number): [number, number] | undefined {
  for (let k = 0; k + 1 < sorted.length; k += 2) {
    if (sorted[k]! <= at && at <= sorted[k + 1]!) return [sorted[k]!, sorted[k + 1]!];
  }
  return undefined;
}

/** [minY, maxY] of the outer ring: the heights the scan lines run between. */
function heights(rings: PolygonCoords): [number, number] {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const position of rings[0] ?? []) {
    minY = Math.min(minY, position[1]!);
    maxY = Math.max(maxY, position[1]!);
  }
  return [minY, maxY];
}

export function labelPoint(geometry: LabelGeometry): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: [number, number] | undefined;
  let bestScore = -1;
  for (const rings of polygons) {
    const [minY, maxY] = heights(rings);
    if (!Number.isFinite(minY)) continue;
    for (let n = 1; n <= LINES; n += 1) {
      const y = minY + ((maxY - minY) * n) / (LINES + 1);
      const xs = crossings(rings, 1, y);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const x = (xs[k]! + xs[k + 1]!) / 2;
        const vertical = stretchAround(crossings(rings, 0, x), y);
        if (!vertical) continue;
        const score = Math.min((xs[k + 1]! - xs[k]!) / 2, y - vertical[0], vertical[1] - y);
        if (score > bestScore) {
          bestScore = score;
          best = [x, y];
        }
      }
    }
    if (!best) {
      // Degenerate (zero-area) polygon: its first vertex is the only honest answer.
      const first = rings[0]?.[0];
      if (first) best = [first[0]!, first[1]!];
    }
  }
  if (!best) throw new Error('labelPoint: empty geometry');
  return best;
}
