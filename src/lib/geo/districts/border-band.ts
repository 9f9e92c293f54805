/**
 * Half-width of the border band, in degrees (about 10 µm on the ground). The database decides
 * points on and next to a border by its own arithmetic in IEEE doubles, which rounds by up to
 * about 1e-13°; Turf decides exactly. Both agree on every point farther than that from every
 * edge, so the band only has to be much wider than the rounding, and narrower than the margin
 * that makes a grid cell a boundary cell (≥ 1e-9°).
 */
export const BORDER_BAND = 1e-10;

/**
 * Whether (x, y) lies within BORDER_BAND of one of the edges `from`..`to` of `coords`
 * (x1, y1, x2, y2 per edge): |cross product| ≤ band × (|dx| + |dy|) inside the edge's box
 * widened by the band. Conservative: every point within the band of an edge is caught.
 */
export function inBorderBand(coords: Float64Array, from: number, to: number, x: number, y: number): boolean {
  for (let e = from; e < to; e += 1) {
    const x1 = coords[4 * e]!;
    const y1 = coords[4 * e + 1]!;
    const x2 = coords[4 * e + 2]!;
    const y2 = coords[4 * e + 3]!;
    if (x < (x1 < x2 ? x1 : x2) - BORDER_BAND || x > (x1 < x2 ? x2 : x1) + BORDER_BAND) continue;
    if (y < (y1 < y2 ? y1 : y2) - BORDER_BAND || y > (y1 < y2 ? y2 : y1) + BORDER_BAND) continue;
    const dx = x2 - x1;
    const dy = y2 - y1;
    if (Math.abs((x - x1) * dy - (y - y1) * dx) <= BORDER_BAND * (Math.abs(dx) + Math.abs(dy))) return true;
  }
  return false;
}
