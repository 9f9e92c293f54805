import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { isApiError, type ApiErrorCode, type District, type DistrictsApi } from '../api/index.ts';
import { labelPoint } from '../geo/label-point.ts';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface DistrictFeatureProps {
  id: string;
  slug: string;
  name: string;
}

export type DistrictShapes = FeatureCollection<Polygon | MultiPolygon, DistrictFeatureProps>;
export type DistrictLabels = FeatureCollection<Point, DistrictFeatureProps>;

/** The city's districts as loaded from the database, and the GeoJSON the map draws from them. */
export class DistrictsState {
  /** Replaced wholesale on every load. */
  items = $state.raw<District[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<ApiErrorCode | null>(null);

  shapes: DistrictShapes = $derived({
    type: 'FeatureCollection',
    features: this.items.map((d) => ({
      type: 'Feature',
      id: Number(d.id) || undefined,
      properties: { id: d.id, slug: d.slug, name: d.name },
      geometry: d.geometry as Polygon | MultiPolygon,
    })),
  });

  labels: DistrictLabels = $derived({
    type: 'FeatureCollection',
    features: this.items.map((d) => ({
      type: 'Feature',
      properties: { id: d.id, slug: d.slug, name: d.name },
      geometry: { type: 'Point', coordinates: labelPoint(d.geometry) },
    })),
  });

  readonly #api: DistrictsApi;

  constructor(api: DistrictsApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      this.items = await this.#api.list();
      this.status = 'ready';
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      this.status = 'error';
    }
  }
}
