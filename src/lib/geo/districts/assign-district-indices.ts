import { locateInBoundaryCell } from './locate-point.ts';
import type { DistrictIndex } from './types.ts';

/**
 * Typed-array variant of assignDistricts for large inputs: feature index per point, -1 outside.
 * `onProgress` is called every `chunk` points. Same lookup as locatePoint, inlined for speed.
 */
export function assignDistrictIndices(
  index: DistrictIndex,
  lngs: ArrayLike<number>,
  lats: ArrayLike<number>,
  onProgress?: (done: number, total: number) => void,
  chunk = 50_000,
): Int32Array {
  const out = new Int32Array(lngs.length);
  const { minX, minY, maxX, maxY, cols, rows, invCellW, invCellH, cells } = index;
  for (let start = 0; start < lngs.length; start += chunk) {
    const end = Math.min(lngs.length, start + chunk);
    for (let i = start; i < end; i += 1) {
      const x = lngs[i]!;
      const y = lats[i]!;
      if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
        out[i] = -1;
        continue;
      }
      const row = Math.min(rows - 1, Math.floor((y - minY) * invCellH));
      const value = cells[row * cols + Math.min(cols - 1, Math.floor((x - minX) * invCellW))]!;
      out[i] = value >= -1 ? value : locateInBoundaryCell(index, -(value + 2), x, y);
    }
    onProgress?.(end, lngs.length);
  }
  if (lngs.length === 0) onProgress?.(0, 0);
  return out;
}
