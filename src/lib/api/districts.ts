import type { DataSource } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import type { District, DistrictGeometry } from './types.ts';

export interface DistrictsApi {
  /** Every district of the city, in the order the city pack lists them. */
  list(): Promise<District[]>;
}

interface DistrictRow {
  id: string | number;
  slug: string;
  name: string;
  population: number | null;
  geometry: unknown;
}

function isGeometry(value: unknown): value is DistrictGeometry {
  if (typeof value !== 'object' || value === null) return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray(coordinates);
}

export function toDistrict(row: DistrictRow): District {
  if (!isGeometry(row.geometry)) throw new ApiError('unknown', `district ${row.slug} has no polygon geometry`);
  return {
    id: String(row.id),
    slug: row.slug,
    name: row.name,
    population: row.population === null ? null : Number(row.population),
    geometry: row.geometry,
  };
}

export function createDistrictsApi(db: DataSource): DistrictsApi {
  return {
    async list() {
      const { data, error, status } = await db()
        .from('districts')
        .select('id, slug, name, population, geometry')
        .order('id');
      if (error) throw toApiError(error, status);
      return (data as DistrictRow[]).map(toDistrict);
    },
  };
}
