import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { CityPack } from '../../supabase/local/city/load-city.ts';
import type { PackCategory, PackSettings } from '../../supabase/local/city/pack-extras.ts';
import { SetupError } from './setup-error.ts';

const MIGRATIONS_DIR = new URL('../../supabase/migrations/', import.meta.url);
const SEED_SQL = new URL('../../supabase/seed.sql', import.meta.url);

export interface CityRows {
  city: CityPack;
  /** Undefined: the default categories of supabase/seed.sql. */
  categories: PackCategory[] | undefined;
  settings: PackSettings;
}

export interface DatabaseOutcome {
  districtsAdded: number;
  districtsUpdated: number;
  /** Districts in the database that the pack does not name (kept: proposals may point at them). */
  districtsNotInPack: string[];
}

/** Connects, with an error that says which database could not be reached and why. */
export async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const where = databaseUrl.replace(/\/\/[^@/]*@/, '//…@');
    throw new SetupError(`cannot connect to the database ${where}: ${(error as Error).message}`);
  }
  return client;
}

/** The migration versions of supabase/migrations that the database has not recorded as applied. */
export async function missingMigrations(client: pg.Client): Promise<string[]> {
  const expected = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const { rows } = await client.query<{ ready: boolean }>(
    `select to_regclass('supabase_migrations.schema_migrations') is not null as ready`,
  );
  if (!rows[0]?.ready) return expected;
  const applied = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
  const versions = new Set(applied.rows.map((r) => r.version));
  return expected.filter((file) => !versions.has(file.split('_')[0]!));
}

/**
 * Districts (matched by slug: added or brought up to date), categories and settings, in one
 * transaction: a district the database refuses (say, a ring that crosses itself) changes nothing.
 */
export async function loadCityRows(client: pg.Client, rows: CityRows): Promise<DatabaseOutcome> {
  const outcome: DatabaseOutcome = { districtsAdded: 0, districtsUpdated: 0, districtsNotInPack: [] };
  await client.query('begin');
  try {
    for (const { properties, geometry } of rows.city.districts.features) {
      const result = await client.query<{ added: boolean; changed: boolean }>(
        `with previous as (select name, population, geometry from public.districts where slug = $1),
         upserted as (
           insert into public.districts (slug, name, population, geometry) values ($1, $2, $3, $4::jsonb)
           on conflict (slug) do update set name = excluded.name, population = excluded.population,
             geometry = excluded.geometry
           where (districts.name, districts.population, districts.geometry)
             is distinct from (excluded.name, excluded.population, excluded.geometry)
           returning 1
         )
         select not exists (select 1 from previous) as added, exists (select 1 from upserted) as changed`,
        [properties.slug, properties.name, properties.population, JSON.stringify(geometry)],
      );
      const { added, changed } = result.rows[0]!;
      if (added) outcome.districtsAdded += 1;
      else if (changed) outcome.districtsUpdated += 1;
    }
    const slugs = rows.city.districts.features.map((f) => f.properties.slug);
    const others = await client.query<{ slug: string }>(
      'select slug from public.districts where not (slug = any ($1::text[])) order by id',
      [slugs],
    );
    outcome.districtsNotInPack = others.rows.map((r) => r.slug);

    if (rows.categories) {
      for (const c of rows.categories) {
        await client.query(
          `insert into public.categories (slug, label_fr, label_en, color, icon, sort_order)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (slug) do update set label_fr = excluded.label_fr, label_en = excluded.label_en,
             color = excluded.color, icon = excluded.icon, sort_order = excluded.sort_order
           where (categories.label_fr, categories.label_en, categories.color, categories.icon, categories.sort_order)
             is distinct from (excluded.label_fr, excluded.label_en, excluded.color, excluded.icon, excluded.sort_order)`,
          [c.slug, c.label_fr, c.label_en, c.color, c.icon, c.sort_order],
        );
      }
    } else {
      await client.query(readFileSync(SEED_SQL, 'utf8'));
    }

    const s = rows.settings;
    await client.query(
      `insert into public.city_settings (id, city_name) values (true, $1) on conflict (id) do update
       set city_name = excluded.city_name,
           moderation_mode = coalesce($2::public.moderation_mode, city_settings.moderation_mode),
           report_threshold = coalesce($3::integer, city_settings.report_threshold),
           voting_open = coalesce($4::boolean, city_settings.voting_open)`,
      [rows.city.info.name, s.moderation_mode ?? null, s.report_threshold ?? null, s.voting_open ?? null],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    const e = error as { message?: string; detail?: string };
    throw new SetupError(
      `the database refused the city pack, nothing was changed: ${e.message}${e.detail ? ` (${e.detail})` : ''}`,
    );
  }
  return outcome;
}

/** The account of `email`, if any, read straight from auth.users (GoTrue's admin API cannot search). */
export async function userIdByEmail(client: pg.Client, email: string): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>('select id from auth.users where lower(email) = lower($1)', [
    email,
  ]);
  return rows[0]?.id;
}

/** Makes the account an admin; false when it was one already. */
export async function grantAdmin(client: pg.Client, userId: string): Promise<boolean> {
  const { rowCount } = await client.query(
    `insert into public.user_roles (user_id, role) values ($1, 'admin') on conflict on constraint user_roles_once do nothing`,
    [userId],
  );
  return (rowCount ?? 0) > 0;
}
