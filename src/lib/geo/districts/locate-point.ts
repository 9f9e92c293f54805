import type { DistrictIndex } from './types.ts';

/**
 * The district (feature index) holding (x, y) through the grid index, -1 outside every
 * district; the same answer as districtForPoint and as the database.
 */
export function locatePoint(index: DistrictIndex, x: number, y: number): number {
  if (!(x >= index.minX && x <= index.maxX && y >= index.minY && y <= index.maxY)) return -1;
  const col = Math.min(index.cols - 1, Math.floor((x - index.minX) * index.invCellW));
  const row = Math.min(index.rows - 1, Math.floor((y - index.minY) * index.invCellH));
  const value = index.cells[row * index.cols + col]!;
  return value >= -1 ? value : locateInBoundaryCell(index, -(value + 2), row, x, y);
}

/** The exact rule for a point in boundary cell `cell` (grid row `row`), over its candidates. */
export function locateInBoundaryCell(index: DistrictIndex, cell: number, row: number, x: number, y: number): number {
  const { candidates, candidateOffsets, layer, rowEdges } = index;
  for (let k = candidateOffsets[cell]!; k < candidateOffsets[cell + 1]!; k += 1) {
    const p = candidates[k]!;
    const polygon = layer.polygons[p]!;
    if (x < polygon.minX || x > polygon.maxX || y < polygon.minY || y > polygon.maxY) continue;
    const ringEdges = rowEdges[p]!;
    let crossings = 0;
    let onEdge = false;
    for (let q = 0; q < polygon.rings.length && !onEdge; q += 1) {
      const ring = polygon.rings[q]!;
      if (x < ring.minX || x > ring.maxX || y < ring.minY || y > ring.maxY) continue;
      const { xs, ys } = ring;
      const { rowLo, offsets, edges } = ringEdges[q]!;
      const end = offsets[row - rowLo + 1]!;
      for (let e = offsets[row - rowLo]!; e < end; e += 1) {
        const i = edges[e]!;
        const x1 = xs[i]!;
        const y1 = ys[i]!;
        const x2 = xs[i + 1]!;
        const y2 = ys[i + 1]!;
        if (
          (x - x1) * (y2 - y1) === (y - y1) * (x2 - x1) &&
          x >= (x1 < x2 ? x1 : x2) &&
          x <= (x1 < x2 ? x2 : x1) &&
          y >= (y1 < y2 ? y1 : y2) &&
          y <= (y1 < y2 ? y2 : y1)
        ) {
          onEdge = true;
          break;
        }
        if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) crossings += 1;
      }
    }
    if (onEdge || crossings % 2 === 1) return polygon.district;
  }
  return -1;
}
