import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_STYLE_PATH, type AppConfig } from '../lib/config.ts';
import type { MessageKey } from '../lib/i18n/index.ts';

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

/** The style every map of the app draws on: the pack's basemap when it has one, else the plain one. */
export function basemapStyle(config: AppConfig): string | StyleSpecification {
  return config.hasBasemap ? new URL(BASEMAP_STYLE_PATH, location.href).href : syntheticStyle();
}

/** MapLibre's own UI strings (button titles, the map's accessible name `title`), translated. */
export function mapUiStrings(t: (key: MessageKey) => string, title: string): Record<string, string> {
  return {
    'Map.Title': title,
    'NavigationControl.ZoomIn': t('map.zoomIn'),
    'NavigationControl.ZoomOut': t('map.zoomOut'),
    'NavigationControl.ResetBearing': t('map.resetBearing'),
    'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
  };
}
