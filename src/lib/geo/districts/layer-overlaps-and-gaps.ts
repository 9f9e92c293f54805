import { area } from '@turf/area';
import { bbox } from '@turf/bbox';
import { intersect } from '@turf/intersect';
import { union } from '@turf/union';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { layerIssue, type LayerIssue } from './layer-issues.ts';
import type { DistrictLayer } from './types.ts';

/** km², rounded to 1000 m²: slivers below that (rounding along a shared border) are not reported. */
const km2 = (geometry: Feature<Polygon | MultiPolygon> | null) =>
  geometry ? Math.round(area(geometry) / 1000) / 1000 : 0;

const collection = (features: Feature<Polygon | MultiPolygon>[]) => ({ type: 'FeatureCollection' as const, features });

/**
 * Overlaps and gaps, exactly: `@turf/intersect` of each pair of districts whose boxes meet, and
 * the holes of the `@turf/union` of all districts (areas by `@turf/area`). Warnings only: the
 * layer works (an overlap goes to the lowest index). Turf's polygon clipping can refuse
 * degenerate input; the warnings are then left out rather than the layer refused.
 */
export function overlapsAndGaps(layer: DistrictLayer): LayerIssue[] {
  const warnings: LayerIssue[] = [];
  const features = layer.features.map((f) => ({ ...f, properties: {} }));
  const boxes = features.map((f) => bbox(f));
  try {
    features.forEach((feature, a) => {
      for (let b = a + 1; b < features.length; b += 1) {
        const [ax0, ay0, ax1, ay1] = boxes[a]!;
        const [bx0, by0, bx1, by1] = boxes[b]!;
        if (ax0 > bx1 || bx0 > ax1 || ay0 > by1 || by0 > ay1) continue;
        const areaKm2 = km2(intersect(collection([feature, features[b]!])));
        if (areaKm2 > 0) warnings.push(layerIssue('districts_overlap', { feature: a, other: b, areaKm2 }));
      }
    });
    const merged = union(collection(features));
    const parts = !merged
      ? []
      : merged.geometry.type === 'Polygon'
        ? [merged.geometry.coordinates]
        : merged.geometry.coordinates;
    const holes = parts.flatMap((rings) => rings.slice(1));
    const areaKm2 = holes.reduce(
      (sum, hole) => sum + km2({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [hole] } }),
      0,
    );
    if (areaKm2 > 0) warnings.push(layerIssue('layer_gaps', { areaKm2: Math.round(areaKm2 * 1000) / 1000 }));
  } catch {
    return warnings;
  }
  return warnings;
}
