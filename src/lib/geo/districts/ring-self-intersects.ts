function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function within(a: number, b: number, c: number): boolean {
  return Math.min(a, b) <= c && c <= Math.max(a, b);
}

/** Whether segments p1p2 and p3p4 meet (touching included). */
export function segmentsMeet(p: readonly number[], q: readonly number[]): boolean {
  const [x1, y1, x2, y2] = p as [number, number, number, number];
  const [x3, y3, x4, y4] = q as [number, number, number, number];
  const d1 = orient(x3, y3, x4, y4, x1, y1);
  const d2 = orient(x3, y3, x4, y4, x2, y2);
  const d3 = orient(x1, y1, x2, y2, x3, y3);
  const d4 = orient(x1, y1, x2, y2, x4, y4);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  if (d1 === 0 && within(x3, x4, x1) && within(y3, y4, y1)) return true;
  if (d2 === 0 && within(x3, x4, x2) && within(y3, y4, y2)) return true;
  if (d3 === 0 && within(x1, x2, x3) && within(y1, y2, y3)) return true;
  if (d4 === 0 && within(x1, x2, x4) && within(y1, y2, y4)) return true;
  return false;
}

/**
 * Whether a closed ring crosses or touches itself: a sweep over the edges sorted by their
 * smallest x, testing only pairs whose x ranges overlap. Consecutive edges may share their
 * vertex (and repeated positions are skipped) but must not fold back onto each other.
 */
export function ringSelfIntersects(ring: readonly (readonly number[])[]): boolean {
  const pts: [number, number][] = [];
  for (const p of ring) {
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push([p[0]!, p[1]!]);
  }
  const n = pts.length - 1;
  if (n < 3) return false;
  const edges = Array.from({ length: n }, (_, i) => {
    const [x1, y1] = pts[i]!;
    const [x2, y2] = pts[i + 1]!;
    return { i, seg: [x1, y1, x2, y2], lo: Math.min(x1, x2), hi: Math.max(x1, x2) };
  }).sort((a, b) => a.lo - b.lo);
  for (let a = 0; a < edges.length; a += 1) {
    const ea = edges[a]!;
    for (let b = a + 1; b < edges.length && edges[b]!.lo <= ea.hi; b += 1) {
      const eb = edges[b]!;
      const gap = Math.abs(ea.i - eb.i);
      if (gap === 1 || gap === n - 1) {
        // Neighbours share one vertex; they intersect wrongly only when collinear and overlapping.
        const [first, second] = (eb.i - ea.i + n) % n === 1 ? [ea, eb] : [eb, ea];
        const [ax, ay, sx, sy] = first.seg as [number, number, number, number];
        const [, , bx, by] = second.seg as [number, number, number, number];
        if (orient(ax, ay, sx, sy, bx, by) === 0 && (ax - sx) * (bx - sx) + (ay - sy) * (by - sy) > 0) return true;
        continue;
      }
      if (segmentsMeet(ea.seg, eb.seg)) return true;
    }
  }
  return false;
}
