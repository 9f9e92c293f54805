import type { Position } from 'geojson';
import type { DistrictLayer, PreparedLayer, PreparedPolygon, PreparedRing } from './types.ts';

function prepareRing(ring: Position[]): PreparedRing {
  const xs = new Float64Array(ring.length);
  const ys = new Float64Array(ring.length);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  ring.forEach((position, i) => {
    const x = Number(position[0]);
    const y = Number(position[1]);
    xs[i] = x;
    ys[i] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  });
  return { xs, ys, minX, minY, maxX, maxY };
}

/**
 * Unpacks a district layer into coordinate arrays with bounding boxes, polygons in feature
 * order (the database's ids follow the same order). Does not validate: see validateDistrictLayer.
 */
export function prepareLayer(layer: DistrictLayer): PreparedLayer {
  const polygons: PreparedPolygon[] = [];
  layer.features.forEach((feature, district) => {
    const geometry = feature.geometry;
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const part of parts) {
      const rings = part.filter((ring) => ring.length > 0).map(prepareRing);
      if (rings.length === 0) continue;
      polygons.push({
        district,
        rings,
        minX: Math.min(...rings.map((r) => r.minX)),
        minY: Math.min(...rings.map((r) => r.minY)),
        maxX: Math.max(...rings.map((r) => r.maxX)),
        maxY: Math.max(...rings.map((r) => r.maxY)),
      });
    }
  });
  return {
    districtCount: layer.features.length,
    polygons,
    minX: Math.min(Infinity, ...polygons.map((p) => p.minX)),
    minY: Math.min(Infinity, ...polygons.map((p) => p.minY)),
    maxX: Math.max(-Infinity, ...polygons.map((p) => p.maxX)),
    maxY: Math.max(-Infinity, ...polygons.map((p) => p.maxY)),
  };
}
