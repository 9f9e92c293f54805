import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { asSuperuser } from './database.ts';

const SUPABASE_DIR = new URL('../../', import.meta.url).pathname;
const BOOTSTRAP = new URL('../sql/bootstrap.sql', import.meta.url).pathname;

export interface MigrationResult {
  /** True when the database was empty and got the platform bootstrap now: the moment to seed. */
  fresh: boolean;
  applied: string[];
}

/** Applies the platform bootstrap once, then each migration of `supabase/migrations` once, in order. */
export async function migrate(pool: pg.Pool, supabaseDir = SUPABASE_DIR): Promise<MigrationResult> {
  const applied: string[] = [];
  const fresh = await asSuperuser(pool, async (client) => {
    const { rows } = await client.query<{ ready: boolean }>(
      `select to_regclass('supabase_migrations.schema_migrations') is not null as ready`,
    );
    if (rows[0]?.ready) return false;
    await client.query(readFileSync(BOOTSTRAP, 'utf8'));
    return true;
  });
  const dir = join(supabaseDir, 'migrations');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^\d+_.+\.sql$/.test(f))
        .sort()
    : [];
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
    await asSuperuser(pool, async (client) => {
      const done = await client.query('select 1 from supabase_migrations.schema_migrations where version = $1', [
        version,
      ]);
      if (done.rowCount) return;
      await client.query(readFileSync(join(dir, file), 'utf8'));
      await client.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
        version,
        rest.join('_'),
      ]);
      applied.push(file);
    });
  }
  return { fresh, applied };
}

/** Runs `supabase/seed.sql` when it exists. */
export async function runSeedSql(pool: pg.Pool, supabaseDir = SUPABASE_DIR): Promise<void> {
  const file = join(supabaseDir, 'seed.sql');
  if (!existsSync(file)) return;
  await asSuperuser(pool, (client) => client.query(readFileSync(file, 'utf8')).then(() => undefined));
}
