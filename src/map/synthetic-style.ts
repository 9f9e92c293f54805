import type { StyleSpecification } from 'maplibre-gl';

/**
 * The plain offline style used when the city pack has no basemap: a background and nothing that
 * could reach the network (no tile source, no glyphs URL: MapLibre draws label glyphs locally).
 */
export function syntheticStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } }],
  };
}
