import { districtForPoint } from './district-for-point.ts';
import { prepareLayer } from './prepare-layer.ts';
import type { DistrictIndex, DistrictLayer, PreparedLayer, RowEdges } from './types.ts';

export interface IndexOptions {
  /** Grid cells per ring edge (default 4), capped by maxCells. */
  cellsPerEdge?: number;
  maxCells?: number;
}

/**
 * Builds the grid index over a district layer. Every cell that an edge comes near (within a
 * small margin that covers rounding) is a boundary cell; every other cell is settled once, by
 * the exact rule at one point, for all the points that fall into it. Boundary cells keep the
 * polygons whose bounding box meets them; their edges are bucketed by grid row, so the exact
 * ray test in a boundary cell reads only the edges of the point's row.
 */
export function buildDistrictIndex(input: DistrictLayer | PreparedLayer, options: IndexOptions = {}): DistrictIndex {
  const layer = 'features' in input ? prepareLayer(input) : input;
  const edgeCount = layer.polygons.reduce((n, p) => n + p.rings.reduce((m, r) => m + r.xs.length - 1, 0), 0);
  const empty = layer.polygons.length === 0;
  const minX = empty ? 0 : layer.minX;
  const minY = empty ? 0 : layer.minY;
  const width = empty ? 1 : Math.max(layer.maxX - minX, 1e-9);
  const height = empty ? 1 : Math.max(layer.maxY - minY, 1e-9);
  const target = Math.min(options.maxCells ?? 4_000_000, Math.max(64, edgeCount * (options.cellsPerEdge ?? 4)));
  const cols = Math.max(1, Math.round(Math.sqrt((target * width) / height)));
  const rows = Math.max(1, Math.round(target / cols));
  const invCellW = cols / width;
  const invCellH = rows / height;
  const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) * invCellW)));
  const rowOf = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) * invCellH)));
  const margin = Math.max(1e-9, 1e-3 / Math.max(invCellW, invCellH));

  // 1. Mark boundary cells: edges cut into pieces shorter than half a cell, each piece's box
  //    widened by the margin.
  const boundary = new Uint8Array(cols * rows);
  const rowEdges: RowEdges[][] = layer.polygons.map((polygon) =>
    polygon.rings.map((ring) => {
      const { xs, ys } = ring;
      const rowLo = rowOf(ring.minY);
      const rowHi = rowOf(ring.maxY);
      const counts = new Int32Array(rowHi - rowLo + 2);
      for (let i = 0; i + 1 < xs.length; i += 1) {
        const x1 = xs[i]!;
        const y1 = ys[i]!;
        const x2 = xs[i + 1]!;
        const y2 = ys[i + 1]!;
        for (let r = rowOf(Math.min(y1, y2)); r <= rowOf(Math.max(y1, y2)); r += 1) counts[r - rowLo + 1]! += 1;
        const pieces = Math.ceil(2 * Math.max(Math.abs(x2 - x1) * invCellW, Math.abs(y2 - y1) * invCellH)) + 1;
        for (let k = 0; k < pieces; k += 1) {
          const ax = x1 + ((x2 - x1) * k) / pieces;
          const ay = y1 + ((y2 - y1) * k) / pieces;
          const bx = k + 1 === pieces ? x2 : x1 + ((x2 - x1) * (k + 1)) / pieces;
          const by = k + 1 === pieces ? y2 : y1 + ((y2 - y1) * (k + 1)) / pieces;
          const c0 = colOf(Math.min(ax, bx) - margin);
          const c1 = colOf(Math.max(ax, bx) + margin);
          const r0 = rowOf(Math.min(ay, by) - margin);
          const r1 = rowOf(Math.max(ay, by) + margin);
          for (let r = r0; r <= r1; r += 1) for (let c = c0; c <= c1; c += 1) boundary[r * cols + c] = 1;
        }
      }
      const offsets = new Int32Array(rowHi - rowLo + 2);
      for (let r = 1; r < offsets.length; r += 1) offsets[r] = offsets[r - 1]! + counts[r]!;
      const edges = new Int32Array(offsets[offsets.length - 1]!);
      const fill = offsets.slice(0, -1);
      for (let i = 0; i + 1 < xs.length; i += 1) {
        const lo = rowOf(Math.min(ys[i]!, ys[i + 1]!));
        const hi = rowOf(Math.max(ys[i]!, ys[i + 1]!));
        for (let r = lo; r <= hi; r += 1) edges[fill[r - rowLo]!++] = i;
      }
      return { rowLo, offsets, edges };
    }),
  );

  // 2. Settle the other cells: along a row, a run of cells free of edges is one connected
  //    edge-free region, so one exact test settles the run.
  const cells = new Int32Array(cols * rows);
  let boundaryCells = 0;
  const cellW = width / cols;
  const cellH = height / rows;
  for (let r = 0; r < rows; r += 1) {
    let runValue = -3;
    for (let c = 0; c < cols; c += 1) {
      const i = r * cols + c;
      if (boundary[i] === 1) {
        cells[i] = -2 - boundaryCells;
        boundaryCells += 1;
        runValue = -3;
        continue;
      }
      if (runValue === -3) {
        const x = minX + (c + 0.5) * cellW;
        const y = minY + (r + 0.5) * cellH;
        if (colOf(x) !== c || rowOf(y) !== r) {
          cells[i] = -2 - boundaryCells;
          boundaryCells += 1;
          boundary[i] = 1;
          continue;
        }
        runValue = empty ? -1 : districtForPoint(layer, x, y);
      }
      cells[i] = runValue;
    }
  }

  // 3. Candidate polygons per boundary cell: those whose bounding box meets the cell.
  const candidateOffsets = new Int32Array(boundaryCells + 1);
  const eachCandidate = (visit: (cell: number, polygon: number) => void) => {
    layer.polygons.forEach((polygon, p) => {
      const c0 = colOf(polygon.minX);
      const c1 = colOf(polygon.maxX);
      for (let r = rowOf(polygon.minY); r <= rowOf(polygon.maxY); r += 1) {
        for (let c = c0; c <= c1; c += 1) {
          const v = cells[r * cols + c]!;
          if (v <= -2) visit(-(v + 2), p);
        }
      }
    });
  };
  eachCandidate((cell) => {
    candidateOffsets[cell + 1]! += 1;
  });
  for (let k = 1; k <= boundaryCells; k += 1) candidateOffsets[k]! += candidateOffsets[k - 1]!;
  const candidates = new Int32Array(candidateOffsets[boundaryCells]!);
  const fill = candidateOffsets.slice(0, -1);
  eachCandidate((cell, p) => {
    candidates[fill[cell]!++] = p;
  });

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
    candidateOffsets,
    candidates,
    rowEdges,
    boundaryCells,
  };
}
