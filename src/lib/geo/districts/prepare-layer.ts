import { bbox } from '@turf/bbox';
import type { Position } from 'geojson';
import type { DistrictLayer, PreparedLayer, PreparedPolygon, PreparedRing } from './types.ts';

function prepareRing(ring: Position[]): PreparedRing {
  const [minX, minY, maxX, maxY] = bbox({ type: 'LineString', coordinates: ring });
  return {
    xs: Float64Array.from(ring, (p) => p[0]!),
    ys: Float64Array.from(ring, (p) => p[1]!),
    minX,
    minY,
    maxX,
    maxY,
  };
}

/**
 * Unpacks a district layer into coordinate arrays with bounding boxes (`@turf/bbox`), polygons
 * in feature order (the database's ids follow the same order), as the database's rule reads
 * them (private.district_rings). Does not validate: see validateDistrictLayer.
 */
export function prepareLayer(layer: DistrictLayer): PreparedLayer {
  const polygons: PreparedPolygon[] = [];
  layer.features.forEach((feature, district) => {
    const geometry = feature.geometry;
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const part of parts) {
      const rings = part.filter((ring) => ring.length > 0);
      if (rings.length === 0) continue;
      const [minX, minY, maxX, maxY] = bbox({ type: 'Polygon', coordinates: rings });
      polygons.push({ district, rings: rings.map(prepareRing), minX, minY, maxX, maxY });
    }
  });
  const [minX, minY, maxX, maxY] = polygons.length > 0 ? bbox(layer) : [Infinity, Infinity, -Infinity, -Infinity];
  return { districtCount: layer.features.length, polygons, minX, minY, maxX, maxY };
}
