/** The shape of a loaded city pack, shared by the pack reader (load-city.ts) and the synthetic city. */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** What the app needs to frame the city and credit its data. */
export interface CityInfo {
  name: string;
  /** [lng, lat] */
  center: [number, number];
  /** [west, south, east, north] */
  bounds: [number, number, number, number];
  zoom: number;
  /** BCP 47 language of the city's own content, such as `it` or `fr`. */
  locale: string;
  /** Credit lines the map must show. */
  attribution: string[];
}

export interface DistrictProps {
  name: string;
  slug: string;
  population: number | null;
}

export type DistrictGeometry = Polygon | MultiPolygon;

export interface CityPack {
  /** The pack folder, or undefined for the built-in synthetic city. */
  dir: string | undefined;
  info: CityInfo;
  /** Districts in file order (the first one is the demo agent's). */
  districts: FeatureCollection<DistrictGeometry, DistrictProps>;
  /** Absolute paths of the offline basemap files, when the pack has one. */
  basemap: { pmtiles: string; styleLight: string; styleDark: string | undefined; glyphsDir: string } | undefined;
}
