import { bbox } from '@turf/bbox';
import { kinks } from '@turf/kinks';
import type { BBox, Position } from 'geojson';

/** Edges per chunk: `@turf/kinks` compares every pair of edges, so long rings go in chunks. */
const CHUNK = 128;

const kinked = (lines: Position[][]) =>
  lines.every((line) => line.length > 1) && kinks({ type: 'MultiLineString', coordinates: lines }).features.length > 0;

const boxesMeet = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Whether a closed ring crosses or touches itself, by `@turf/kinks` (consecutive edges may share
 * their vertex; a repeated position is skipped). A ring of more than CHUNK edges is cut into at
 * least three runs of consecutive edges; each run is checked alone, and two runs whose boxes
 * meet are checked against each other, each time without the edges at a vertex they share, so
 * that neighbouring edges are never reported.
 */
export function ringSelfIntersects(ring: readonly Position[]): boolean {
  const points = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
  const edges = points.length - 1;
  if (edges < 3) return false;
  if (edges <= CHUNK) return kinks({ type: 'Polygon', coordinates: [points] }).features.length > 0;
  const count = Math.max(3, Math.ceil(edges / CHUNK));
  const runs = Array.from({ length: count }, (_, k) =>
    points.slice(Math.floor((k * edges) / count), Math.floor(((k + 1) * edges) / count) + 1),
  );
  const boxes = runs.map((run) => bbox({ type: 'LineString', coordinates: run }));
  for (let a = 0; a < count; a += 1) {
    if (kinked([runs[a]!])) return true;
    for (let b = a + 1; b < count; b += 1) {
      if (!boxesMeet(boxes[a]!, boxes[b]!)) continue;
      // Runs b = a + 1 share a's last vertex; the first and the last run share the ring's start.
      const next = b === a + 1;
      const wraps = a === 0 && b === count - 1;
      const trim = (run: Position[], first: boolean, last: boolean) =>
        run.slice(first ? 1 : 0, last ? run.length - 1 : run.length);
      if (kinked([trim(runs[a]!, wraps, next), runs[b]!]) || kinked([runs[a]!, trim(runs[b]!, next, wraps)]))
        return true;
    }
  }
  return false;
}
