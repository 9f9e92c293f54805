import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { inBorderBand } from './border-band.ts';
import { districtForPoint } from './district-for-point.ts';
import type { DistrictIndex } from './types.ts';

/** One point array reused for every lookup (Turf reads it and keeps nothing). */
const scratch = [0, 0];

/**
 * The district (feature index) holding (x, y) through the grid index, -1 outside every
 * district; the same answer as districtForPoint and as the database.
 */
export function locatePoint(index: DistrictIndex, x: number, y: number): number {
  if (!(x >= index.minX && x <= index.maxX && y >= index.minY && y <= index.maxY)) return -1;
  const col = Math.min(index.cols - 1, Math.floor((x - index.minX) * index.invCellW));
  const row = Math.min(index.rows - 1, Math.floor((y - index.minY) * index.invCellH));
  const value = index.cells[row * index.cols + col]!;
  return value >= -1 ? value : locateInBoundaryCell(index, -(value + 2), x, y);
}

/**
 * A point in boundary cell `cell`: Turf tests the districts' pieces clipped to the cell, in
 * district order (the first that holds the point wins, as the lowest id in the database). A
 * point within the border band of an edge is decided by the database's own rule instead.
 */
export function locateInBoundaryCell(index: DistrictIndex, cell: number, x: number, y: number): number {
  if (inBorderBand(index.edgeCoords, index.edgeOffsets[cell]!, index.edgeOffsets[cell + 1]!, x, y))
    return districtForPoint(index.layer, x, y);
  const point = scratch;
  point[0] = x;
  point[1] = y;
  for (let k = index.pieceOffsets[cell]!; k < index.pieceOffsets[cell + 1]!; k += 1) {
    const piece = index.pieces[k]!;
    if (booleanPointInPolygon(point, piece.geometry)) return piece.district;
  }
  return -1;
}
