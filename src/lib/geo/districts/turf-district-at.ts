import { bbox } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { BBox } from 'geojson';
import type { DistrictLayer } from './types.ts';

/** A layer with each feature's bounding box (`@turf/bbox`), for lookups with Turf. */
export interface BoxedLayer {
  layer: DistrictLayer;
  boxes: BBox[];
}

export function boxLayer(layer: DistrictLayer): BoxedLayer {
  return { layer, boxes: layer.features.map((feature) => bbox(feature)) };
}

/**
 * The first district (feature index, file order) whose bounding box holds the point and that
 * `@turf/boolean-point-in-polygon` says holds it, boundary included; -1 outside all. Equal to the
 * database's rule away from the borders (see border-band.ts for the points near one).
 */
export function turfDistrictAt({ layer, boxes }: BoxedLayer, x: number, y: number): number {
  const point = [x, y];
  for (let d = 0; d < boxes.length; d += 1) {
    const [minX, minY, maxX, maxY] = boxes[d]!;
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (booleanPointInPolygon(point, layer.features[d]!)) return d;
  }
  return -1;
}
