import { bbox } from '@turf/bbox';
import { bboxClip } from '@turf/bbox-clip';
import type { BBox, Polygon } from 'geojson';
import { prepareLayer } from './prepare-layer.ts';
import { boxLayer, turfDistrictAt } from './turf-district-at.ts';
import type { CellPiece, DistrictIndex, DistrictLayer, PreparedPolygon } from './types.ts';

export interface IndexOptions {
  /** Grid cells per ring edge (default 8), capped by maxCells. */
  cellsPerEdge?: number;
  maxCells?: number;
}

const asPolygon = (polygon: PreparedPolygon): Polygon => ({
  type: 'Polygon',
  coordinates: polygon.rings.map((ring) => Array.from(ring.xs, (x, i) => [x, ring.ys[i]!])),
});

/**
 * `@turf/bbox-clip` of a polygon to a box, or null when nothing of it is left; with its own box
 * (`@turf/bbox`), which booleanPointInPolygon checks before reading the rings.
 */
function clip(polygon: Polygon, box: BBox): Polygon | null {
  const clipped = bboxClip(polygon, box).geometry as Polygon;
  return clipped.coordinates.length > 0 ? { ...clipped, bbox: bbox(clipped) } : null;
}

/**
 * Builds the grid index over a district layer. Every cell that an edge comes near (within a
 * small margin that covers rounding) is a boundary cell; every other cell is settled once, by
 * Turf at one point, for all the points that fall into it. Each boundary cell keeps the
 * districts clipped to it (`@turf/bbox-clip`, through the cell's grid row first) and the edges
 * near it, for the border band.
 */
export function buildDistrictIndex(input: DistrictLayer, options: IndexOptions = {}): DistrictIndex {
  const layer = prepareLayer(input);
  const edgeCount = layer.polygons.reduce((n, p) => n + p.rings.reduce((m, r) => m + r.xs.length - 1, 0), 0);
  const empty = layer.polygons.length === 0;
  const minX = empty ? 0 : layer.minX;
  const minY = empty ? 0 : layer.minY;
  const width = empty ? 1 : Math.max(layer.maxX - minX, 1e-9);
  const height = empty ? 1 : Math.max(layer.maxY - minY, 1e-9);
  const target = Math.min(options.maxCells ?? 4_000_000, Math.max(64, edgeCount * (options.cellsPerEdge ?? 8)));
  const cols = Math.max(1, Math.round(Math.sqrt((target * width) / height)));
  const rows = Math.max(1, Math.round(target / cols));
  const invCellW = cols / width;
  const invCellH = rows / height;
  const cellW = width / cols;
  const cellH = height / rows;
  const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) * invCellW)));
  const rowOf = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) * invCellH)));
  const margin = Math.max(1e-9, 1e-3 / Math.max(invCellW, invCellH));

  // 1. Mark boundary cells: edges cut into pieces shorter than half a cell, each piece's box
  //    widened by the margin. Each marked cell keeps the edges that marked it.
  const boundary = new Uint8Array(cols * rows);
  const lastEdge = new Int32Array(cols * rows).fill(-1);
  const nearEdges = new Map<number, number[]>();
  let edgeId = 0;
  for (const polygon of layer.polygons)
    for (const { xs, ys } of polygon.rings)
      for (let i = 0; i + 1 < xs.length; i += 1, edgeId += 1) {
        const x1 = xs[i]!;
        const y1 = ys[i]!;
        const x2 = xs[i + 1]!;
        const y2 = ys[i + 1]!;
        const pieces = Math.ceil(2 * Math.max(Math.abs(x2 - x1) * invCellW, Math.abs(y2 - y1) * invCellH)) + 1;
        for (let k = 0; k < pieces; k += 1) {
          const ax = x1 + ((x2 - x1) * k) / pieces;
          const ay = y1 + ((y2 - y1) * k) / pieces;
          const bx = k + 1 === pieces ? x2 : x1 + ((x2 - x1) * (k + 1)) / pieces;
          const by = k + 1 === pieces ? y2 : y1 + ((y2 - y1) * (k + 1)) / pieces;
          const c0 = colOf(Math.min(ax, bx) - margin);
          const c1 = colOf(Math.max(ax, bx) + margin);
          for (let r = rowOf(Math.min(ay, by) - margin); r <= rowOf(Math.max(ay, by) + margin); r += 1)
            for (let c = c0; c <= c1; c += 1) {
              const cell = r * cols + c;
              boundary[cell] = 1;
              if (lastEdge[cell] === edgeId) continue;
              lastEdge[cell] = edgeId;
              const list = nearEdges.get(cell) ?? [];
              if (list.length === 0) nearEdges.set(cell, list);
              list.push(x1, y1, x2, y2);
            }
        }
      }

  // 2. Settle the other cells: along a row, a run of cells free of edges is one connected
  //    edge-free region, so one test with Turf settles the run.
  const boxed = empty ? null : boxLayer(input);
  const cells = new Int32Array(cols * rows);
  const boundaryCellOf: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    let runValue = -3;
    for (let c = 0; c < cols; c += 1) {
      const i = r * cols + c;
      const x = minX + (c + 0.5) * cellW;
      const y = minY + (r + 0.5) * cellH;
      if (boundary[i] === 1 || (runValue === -3 && (colOf(x) !== c || rowOf(y) !== r))) {
        cells[i] = -2 - boundaryCellOf.length;
        boundaryCellOf.push(i);
        runValue = -3;
        continue;
      }
      if (runValue === -3) runValue = boxed ? turfDistrictAt(boxed, x, y) : -1;
      cells[i] = runValue;
    }
  }

  // 3. Per boundary cell, each polygon clipped to the cell widened by the margin, in polygon
  //    order (district order). The clipping halves the polygon's range of cells again and again
  //    (a k-d split), skipping ranges without boundary cells, so each vertex is clipped about
  //    log2(cells) times rather than once per cell.
  const stride = cols + 1;
  const below = new Int32Array((rows + 1) * stride);
  for (let r = 0; r < rows; r += 1)
    for (let c = 0; c < cols; c += 1)
      below[(r + 1) * stride + c + 1] =
        (cells[r * cols + c]! <= -2 ? 1 : 0) +
        below[r * stride + c + 1]! +
        below[(r + 1) * stride + c]! -
        below[r * stride + c]!;
  const boundaryIn = (r0: number, r1: number, c0: number, c1: number) =>
    below[(r1 + 1) * stride + c1 + 1]! -
    below[r0 * stride + c1 + 1]! -
    below[(r1 + 1) * stride + c0]! +
    below[r0 * stride + c0]!;
  const piecesByCell: CellPiece[][] = boundaryCellOf.map(() => []);
  const descend = (geometry: Polygon, district: number, r0: number, r1: number, c0: number, c1: number): void => {
    if (boundaryIn(r0, r1, c0, c1) === 0) return;
    const box: BBox = [
      minX + c0 * cellW - margin,
      minY + r0 * cellH - margin,
      minX + (c1 + 1) * cellW + margin,
      minY + (r1 + 1) * cellH + margin,
    ];
    const piece = clip(geometry, box);
    if (!piece) return;
    if (r0 === r1 && c0 === c1) {
      piecesByCell[-(cells[r0 * cols + c0]! + 2)]!.push({ district, geometry: piece });
    } else if (r1 - r0 >= c1 - c0) {
      const mid = (r0 + r1) >> 1;
      descend(piece, district, r0, mid, c0, c1);
      descend(piece, district, mid + 1, r1, c0, c1);
    } else {
      const mid = (c0 + c1) >> 1;
      descend(piece, district, r0, r1, c0, mid);
      descend(piece, district, r0, r1, mid + 1, c1);
    }
  };
  for (const polygon of layer.polygons)
    descend(
      asPolygon(polygon),
      polygon.district,
      rowOf(polygon.minY),
      rowOf(polygon.maxY),
      colOf(polygon.minX),
      colOf(polygon.maxX),
    );
  const pieceOffsets = new Int32Array(boundaryCellOf.length + 1);
  const edgeOffsets = new Int32Array(boundaryCellOf.length + 1);
  boundaryCellOf.forEach((cell, b) => {
    pieceOffsets[b + 1] = pieceOffsets[b]! + piecesByCell[b]!.length;
    edgeOffsets[b + 1] = edgeOffsets[b]! + (nearEdges.get(cell)?.length ?? 0) / 4;
  });
  const edgeCoords = new Float64Array(4 * edgeOffsets[boundaryCellOf.length]!);
  boundaryCellOf.forEach((cell, b) => edgeCoords.set(nearEdges.get(cell) ?? [], 4 * edgeOffsets[b]!));

  return {
    layer,
    minX,
    minY,
    maxX: empty ? -1 : layer.maxX,
    maxY: empty ? -1 : layer.maxY,
    cols,
    rows,
    invCellW,
    invCellH,
    cells,
    pieceOffsets,
    pieces: piecesByCell.flat(),
    edgeOffsets,
    edgeCoords,
    boundaryCells: boundaryCellOf.length,
  };
}
