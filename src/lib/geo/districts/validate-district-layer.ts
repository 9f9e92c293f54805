import { layerIssue, type LayerIssue } from './layer-issues.ts';
import { polygonHolds } from './polygon-holds.ts';
import { prepareLayer } from './prepare-layer.ts';
import { ringSelfIntersects } from './ring-self-intersects.ts';
import type { DistrictLayer, PreparedLayer } from './types.ts';

export interface ValidateOptions {
  /** Size of the uploaded text in bytes (default limit 5 MB). */
  maxBytes?: number;
  /** Total positions in the layer (default 200 000). */
  maxVertices?: number;
  /** Size in bytes of the upload; measured when the input is a string, give it for a parsed object. */
  bytes?: number;
  /** Samples per side of the overlap/gap grid (default 160). */
  sampleGrid?: number;
}

export interface LayerValidation {
  ok: boolean;
  /** Blocking problems: the layer cannot be used. */
  errors: LayerIssue[];
  /** Overlaps and gaps: the layer works (lowest index wins overlaps), but the planner should know. */
  warnings: LayerIssue[];
  /** The layer, typed, when there is no error. */
  layer: DistrictLayer | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRing(
  ring: unknown,
  where: { feature: number; polygon: number; ring: number },
  errors: LayerIssue[],
): number {
  if (!Array.isArray(ring)) {
    errors.push(layerIssue('position_invalid', where));
    return 0;
  }
  for (const p of ring) {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      typeof p[0] !== 'number' ||
      typeof p[1] !== 'number' ||
      !Number.isFinite(p[0]) ||
      !Number.isFinite(p[1])
    ) {
      errors.push(layerIssue('position_invalid', where));
      return ring.length;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      errors.push(layerIssue('coordinates_out_of_range', where));
      return ring.length;
    }
  }
  const positions = ring as number[][];
  if (positions.length < 4) {
    errors.push(layerIssue('ring_too_short', where));
    return positions.length;
  }
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    errors.push(layerIssue('ring_not_closed', where));
    return positions.length;
  }
  if (ringSelfIntersects(positions)) errors.push(layerIssue('ring_self_intersection', where));
  return positions.length;
}

/** Holes must have every vertex inside or on their shell (the shell alone, by the exact rule). */
function holesInside(
  prepared: PreparedLayer,
  errors: LayerIssue[],
  polygonWhere: { feature: number; polygon: number }[],
): void {
  prepared.polygons.forEach((polygon, p) => {
    const shell = { ...polygon, rings: polygon.rings.slice(0, 1) };
    polygon.rings.slice(1).forEach((hole, h) => {
      for (let i = 0; i < hole.xs.length; i += 1) {
        if (!polygonHolds(shell, hole.xs[i]!, hole.ys[i]!)) {
          errors.push(layerIssue('hole_outside_shell', { ...polygonWhere[p]!, ring: h + 1 }));
          return;
        }
      }
    });
  });
}

/**
 * Overlaps and gaps, approximately: a grid of samples over the layer's box; a sample strictly
 * inside two districts (not on an edge) is an overlap; a sample outside every district that
 * cannot reach the box's border through other outside samples is a gap. Areas are the sample
 * count times the sample's area, so features smaller than a sample may be missed.
 */
function overlapsAndGaps(prepared: PreparedLayer, side: number, warnings: LayerIssue[]): void {
  const { minX, minY, maxX, maxY } = prepared;
  if (!(maxX > minX && maxY > minY)) return;
  const dx = (maxX - minX) / side;
  const dy = (maxY - minY) / side;
  const kmX = 111.32 * Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const sampleKm2 = dx * kmX * dy * 110.57;
  const outside = new Uint8Array(side * side);
  const pairs = new Map<string, number>();
  for (let r = 0; r < side; r += 1) {
    for (let c = 0; c < side; c += 1) {
      const x = minX + (c + 0.5) * dx;
      const y = minY + (r + 0.5) * dy;
      const holders = new Set<number>();
      for (const polygon of prepared.polygons) {
        if (x < polygon.minX || x > polygon.maxX || y < polygon.minY || y > polygon.maxY) continue;
        if (polygonHolds(polygon, x, y)) holders.add(polygon.district);
      }
      if (holders.size === 0) outside[r * side + c] = 1;
      const list = [...holders].sort((a, b) => a - b);
      for (let i = 0; i < list.length; i += 1)
        for (let j = i + 1; j < list.length; j += 1) {
          const key = `${list[i]},${list[j]}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
    }
  }
  for (const [key, count] of pairs) {
    const [feature, other] = key.split(',').map(Number) as [number, number];
    warnings.push(
      layerIssue('districts_overlap', { feature, other, areaKm2: Math.round(count * sampleKm2 * 1000) / 1000 }),
    );
  }
  // Flood the outside samples from the border; what stays unreached is enclosed: a gap.
  const reached = new Uint8Array(side * side);
  const stack: number[] = [];
  for (let i = 0; i < side; i += 1)
    for (const s of [i, (side - 1) * side + i, i * side, i * side + side - 1])
      if (outside[s] && !reached[s]) {
        reached[s] = 1;
        stack.push(s);
      }
  while (stack.length > 0) {
    const s = stack.pop()!;
    const r = Math.floor(s / side);
    const c = s % side;
    for (const [nr, nc] of [
      [r - 1, c],
      [r + 1, c],
      [r, c - 1],
      [r, c + 1],
    ] as const) {
      if (nr < 0 || nc < 0 || nr >= side || nc >= side) continue;
      const n = nr * side + nc;
      if (outside[n] && !reached[n]) {
        reached[n] = 1;
        stack.push(n);
      }
    }
  }
  let gaps = 0;
  for (let s = 0; s < side * side; s += 1) if (outside[s] && !reached[s]) gaps += 1;
  if (gaps > 0) warnings.push(layerIssue('layer_gaps', { areaKm2: Math.round(gaps * sampleKm2 * 1000) / 1000 }));
}

/**
 * Checks an uploaded district layer: size, FeatureCollection of Polygon/MultiPolygon in WGS84,
 * rings closed with at least four positions and not crossing themselves, holes inside their
 * shell, a name per feature; then reports overlaps and gaps as warnings. Never throws.
 */
export function validateDistrictLayer(input: unknown, options: ValidateOptions = {}): LayerValidation {
  const errors: LayerIssue[] = [];
  const warnings: LayerIssue[] = [];
  const fail = () => ({ ok: false, errors, warnings, layer: null });
  let geojson = input;
  const text = typeof input === 'string' ? input : null;
  const bytes = options.bytes ?? (text !== null ? new TextEncoder().encode(text).length : null);
  if (bytes !== null && bytes > (options.maxBytes ?? 5_000_000)) {
    errors.push(layerIssue('layer_too_large'));
    return fail();
  }
  if (text !== null) {
    try {
      geojson = JSON.parse(text) as unknown;
    } catch {
      errors.push(layerIssue('layer_not_geojson'));
      return fail();
    }
  }
  if (!isObject(geojson) || geojson.type !== 'FeatureCollection' || !Array.isArray(geojson.features)) {
    errors.push(layerIssue('layer_not_geojson'));
    return fail();
  }
  const features = geojson.features as unknown[];
  if (features.length === 0) {
    errors.push(layerIssue('layer_empty'));
    return fail();
  }
  let vertices = 0;
  const polygonWhere: { feature: number; polygon: number }[] = [];
  features.forEach((feature, f) => {
    const geometry = isObject(feature) ? feature.geometry : undefined;
    const properties = isObject(feature) && isObject(feature.properties) ? feature.properties : {};
    if (typeof properties.name !== 'string' || properties.name.trim() === '')
      errors.push(layerIssue('name_missing', { feature: f }));
    if (
      !isObject(geometry) ||
      (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') ||
      !Array.isArray(geometry.coordinates)
    ) {
      errors.push(layerIssue('geometry_unsupported', { feature: f }));
      return;
    }
    const parts = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[];
    if (parts.length === 0) errors.push(layerIssue('geometry_unsupported', { feature: f }));
    parts.forEach((part, p) => {
      if (!Array.isArray(part) || part.length === 0) {
        errors.push(layerIssue('geometry_unsupported', { feature: f, polygon: p }));
        return;
      }
      polygonWhere.push({ feature: f, polygon: p });
      part.forEach((ring: unknown, r) => {
        vertices += checkRing(ring, { feature: f, polygon: p, ring: r }, errors);
      });
    });
  });
  if (vertices > (options.maxVertices ?? 200_000)) errors.push(layerIssue('too_many_vertices'));
  if (errors.length > 0) return fail();
  const layer = geojson as unknown as DistrictLayer;
  const prepared = prepareLayer(layer);
  holesInside(prepared, errors, polygonWhere);
  if (errors.length > 0) return fail();
  overlapsAndGaps(prepared, options.sampleGrid ?? 160, warnings);
  return { ok: true, errors, warnings, layer };
}
