import type { DataSource } from './client.ts';
import type { Json, Tables } from './database.types.ts';
import { ApiError, toApiError } from './errors.ts';
import type { District, DistrictGeometry } from './types.ts';

export interface DistrictsApi {
  /** Every district of the city, in the order the city pack lists them. */
  list(): Promise<District[]>;
}

type DistrictRow = Pick<Tables<'districts'>, 'id' | 'slug' | 'name' | 'population' | 'geometry'>;

function isGeometry(value: Json): value is DistrictGeometry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return (value.type === 'Polygon' || value.type === 'MultiPolygon') && Array.isArray(value.coordinates);
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
      return data.map(toDistrict);
    },
  };
}
