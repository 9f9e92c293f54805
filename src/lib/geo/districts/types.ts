import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** Properties a district feature may carry; `name` is required by validation, the rest optional. */
export interface DistrictProperties {
  name?: string;
  slug?: string;
  population?: number | null;
  [key: string]: unknown;
}

/** A district layer: the official districts or an uploaded division, in WGS84. */
export type DistrictLayer = FeatureCollection<Polygon | MultiPolygon, DistrictProperties | null>;

/** One ring unpacked into coordinate arrays, like the database's private.district_rings. */
export interface PreparedRing {
  xs: Float64Array;
  ys: Float64Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** One polygon (outer ring + holes) of a district, in layer order. */
export interface PreparedPolygon {
  district: number;
  rings: PreparedRing[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The layer's polygons in feature order (so polygon order is district order). */
export interface PreparedLayer {
  districtCount: number;
  polygons: PreparedPolygon[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A district clipped to one boundary cell (`@turf/bbox-clip`), tested with Turf. */
export interface CellPiece {
  district: number;
  geometry: Polygon;
}

/** Grid index over a prepared layer. */
export interface DistrictIndex {
  layer: PreparedLayer;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cols: number;
  rows: number;
  invCellW: number;
  invCellH: number;
  /** ≥ 0: the whole cell is in that district; -1: outside all; ≤ -2: boundary cell number -(v + 2). */
  cells: Int32Array;
  /** Pieces per boundary cell (CSR), in district order so that the first holding the point wins. */
  pieceOffsets: Int32Array;
  pieces: CellPiece[];
  /** Ring edges near each boundary cell (CSR), as x1, y1, x2, y2: the border band's guard. */
  edgeOffsets: Int32Array;
  edgeCoords: Float64Array;
  boundaryCells: number;
}
