import type { ServiceContext } from '../http.ts';
import { asSuperuser } from '../db/database.ts';
import { loadCity, type CityPack } from '../city/load-city.ts';

/** The little of pg.Client / PGlite that the seed needs. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Inserts the city's districts in file order (so ids follow it: the first district has the
 * lowest id, which wins ties on shared borders) and records the city's name. Does nothing when
 * districts exist already.
 */
export async function insertDistricts(client: SqlClient, city: CityPack): Promise<number> {
  const existing = await client.query('select 1 from public.districts limit 1');
  if (existing.rows.length > 0) return 0;
  for (const feature of city.districts.features) {
    await client.query(
      'insert into public.districts (slug, name, population, geometry) values ($1, $2, $3, $4::jsonb)',
      [
        feature.properties.slug,
        feature.properties.name,
        feature.properties.population,
        JSON.stringify(feature.geometry),
      ],
    );
  }
  await client.query('update public.city_settings set city_name = $1', [city.info.name]);
  return city.districts.features.length;
}

/** Loads the configured city pack (or the synthetic city) into an empty database. */
export async function seedCity(ctx: ServiceContext): Promise<CityPack> {
  const city = loadCity(ctx.config.cityPack);
  await asSuperuser(ctx.db.pool, (client) => insertDistricts(client, city));
  return city;
}
