import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { layerIssue, type LayerIssue } from './layer-issues.ts';
import { overlapsAndGaps } from './layer-overlaps-and-gaps.ts';
import { ringSelfIntersects } from './ring-self-intersects.ts';
import type { DistrictLayer } from './types.ts';

export interface ValidateOptions {
  /** Size of the uploaded text in bytes (default limit 5 MB). */
  maxBytes?: number;
  /** Total positions in the layer (default 200 000). */
  maxVertices?: number;
  /** Size in bytes of the upload; measured when the input is a string, give it for a parsed object. */
  bytes?: number;
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

/** Holes must have every vertex inside or on their shell (`@turf/boolean-point-in-polygon`). */
function holesInside(layer: DistrictLayer, errors: LayerIssue[]): void {
  layer.features.forEach((feature, f) => {
    const parts = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    parts.forEach((rings, p) => {
      const shell: Polygon = { type: 'Polygon', coordinates: rings.slice(0, 1) };
      rings.slice(1).forEach((hole, h) => {
        if (!hole.every((position) => booleanPointInPolygon(position, shell)))
          errors.push(layerIssue('hole_outside_shell', { feature: f, polygon: p, ring: h + 1 }));
      });
    });
  });
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
      part.forEach((ring: unknown, r) => {
        vertices += checkRing(ring, { feature: f, polygon: p, ring: r }, errors);
      });
    });
  });
  if (vertices > (options.maxVertices ?? 200_000)) errors.push(layerIssue('too_many_vertices'));
  if (errors.length > 0) return fail();
  const layer = geojson as unknown as DistrictLayer;
  holesInside(layer, errors);
  if (errors.length > 0) return fail();
  return { ok: true, errors, warnings: overlapsAndGaps(layer), layer };
}
