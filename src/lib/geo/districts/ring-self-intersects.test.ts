import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ringSelfIntersects } from './ring-self-intersects.ts';

/** A closed circle of `n` edges, long enough to be checked in runs. */
function circle(n: number): Position[] {
  const ring = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
  return [...ring, ring[0]!];
}

describe('ringSelfIntersects', () => {
  it('accepts a simple ring, short or long, and repeated positions', () => {
    expect(ringSelfIntersects(circle(12))).toBe(false);
    expect(ringSelfIntersects(circle(1000))).toBe(false);
    const repeated = circle(1000);
    repeated.splice(300, 0, repeated[300]!);
    expect(ringSelfIntersects(repeated)).toBe(false);
  });

  it('finds a crossing between far apart runs', () => {
    const ring = circle(1000);
    ring[250] = [-1.5, 0.1];
    expect(ringSelfIntersects(ring)).toBe(true);
  });

  it('finds a crossing between neighbouring runs and across the ring start', () => {
    // Runs of 125 edges: swapping vertices 249 and 252 crosses edges of runs 1 and 2;
    // swapping vertices 1 and 998 crosses edges of the first and the last run.
    const swap = (ring: Position[], i: number, j: number) => {
      [ring[i], ring[j]] = [ring[j]!, ring[i]!];
      return ring;
    };
    expect(ringSelfIntersects(swap(circle(1000), 249, 252))).toBe(true);
    expect(ringSelfIntersects(swap(circle(1000), 1, 998))).toBe(true);
  });

  it('finds a vertex touching another edge', () => {
    const ring = circle(1000);
    ring[500] = [0, 0];
    ring[700] = [0, 0];
    expect(ringSelfIntersects(ring)).toBe(true);
  });
});
