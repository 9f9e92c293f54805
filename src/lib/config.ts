import type { ApiConfig } from './api/index.ts';

/** The city as /config.json describes it (the city pack's city.json, or the synthetic city). */
export interface CityInfo {
  name: string;
  /** [lng, lat] */
  center: [number, number];
  /** [west, south, east, north] */
  bounds: [number, number, number, number];
  zoom: number;
  locale: string;
  /** Credit lines the map must show. */
  attribution: string[];
}

/** The site's /config.json, written by `npm run build` (scripts/build/site-files.ts). */
export interface AppConfig extends ApiConfig {
  city: CityInfo;
  /** True when the city pack has an offline basemap, at /city/style.json (URLs relative to the site). */
  hasBasemap: boolean;
}

export const BASEMAP_STYLE_PATH = '/city/style.json';

function isAppConfig(value: unknown): value is AppConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<AppConfig>;
  return (
    typeof v.apiUrl === 'string' &&
    typeof v.anonKey === 'string' &&
    typeof v.hasBasemap === 'boolean' &&
    typeof v.city?.name === 'string' &&
    Array.isArray(v.city.bounds) &&
    Array.isArray(v.city.center)
  );
}

/**
 * Reads /config.json. A build may pin the API with VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY
 * (for a deployment whose config.json only describes the city); they win when set.
 */
export async function loadAppConfig(fetchFn: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchFn('/config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config: unknown = await response.json();
  if (!isAppConfig(config)) throw new Error('/config.json is not a valid app configuration');
  const env = import.meta.env as Record<string, string | undefined>;
  return {
    ...config,
    apiUrl: env.VITE_SUPABASE_URL || config.apiUrl,
    anonKey: env.VITE_SUPABASE_ANON_KEY || config.anonKey,
  };
}
