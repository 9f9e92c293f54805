/** Domain types the app works with: camelCase, no Supabase shapes. */

export interface SessionUser {
  id: string;
  email: string;
}

export type DistrictGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface District {
  id: string;
  slug: string;
  name: string;
  population: number | null;
  geometry: DistrictGeometry;
}

/** Where the app finds its backend (from /config.json). */
export interface ApiConfig {
  apiUrl: string;
  anonKey: string;
}
