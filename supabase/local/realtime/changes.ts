import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Database } from '../db/database.ts';

const CAPTURE_SQL = new URL('./capture.sql', import.meta.url).pathname;

/** A committed change as the capture trigger queued it. */
export interface Change {
  id: number;
  schema: string;
  table: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  record: Record<string, unknown> | null;
  oldRecord: Record<string, unknown> | null;
  commitTimestamp: string;
}

/** What realtime-js needs to know about a table: column types, primary key, replica identity. */
export interface TableShape {
  columns: { name: string; type: string }[];
  primaryKey: string[];
  /** Columns a re-insert may write (not generated). */
  writable: string[];
  replicaFull: boolean;
}

/** Installs the capture triggers on the tables of the `supabase_realtime` publication (at every start). */
export async function installCapture(pool: pg.Pool): Promise<void> {
  await pool.query(readFileSync(CAPTURE_SQL, 'utf8'));
}

/** Takes the committed changes out of the queue, oldest first (one consumer: the stack). */
export async function drainChanges(pool: pg.Pool, limit = 1000): Promise<Change[]> {
  const { rows } = await pool.query<{
    id: string;
    schema_name: string;
    table_name: string;
    op: Change['type'];
    record: Record<string, unknown> | null;
    old_record: Record<string, unknown> | null;
    committed_at: Date;
  }>(
    `with taken as (
       delete from realtime_local.changes
       where id in (select id from realtime_local.changes order by id limit $1)
       returning *)
     select * from taken order by id`,
    [limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    schema: row.schema_name,
    table: row.table_name,
    type: row.op,
    record: row.record,
    oldRecord: row.old_record,
    commitTimestamp: row.committed_at.toISOString(),
  }));
}

export async function tableShape(pool: pg.Pool, schema: string, table: string): Promise<TableShape> {
  const { rows } = await pool.query<{ name: string; type: string; pk: boolean; generated: boolean; full: boolean }>(
    `select a.attname as name, t.typname as type,
            coalesce(a.attnum = any (i.indkey::int2[]), false) as pk,
            a.attgenerated <> '' as generated,
            c.relreplident = 'f' as full
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     join pg_type t on t.oid = a.atttypid
     left join pg_index i on i.indrelid = c.oid and i.indisprimary
     where n.nspname = $1 and c.relname = $2
     order by a.attnum`,
    [schema, table],
  );
  return {
    columns: rows.map(({ name, type }) => ({ name, type })),
    primaryKey: rows.filter((row) => row.pk).map((row) => row.name),
    writable: rows.filter((row) => !row.generated).map((row) => row.name),
    replicaFull: rows[0]?.full ?? false,
  };
}

/**
 * Wakes `onWake` when changes may be waiting: NOTIFY on PostgreSQL, a short poll on PGlite
 * (its socket serves one connection at a time, so a held LISTEN connection would starve the others).
 * The poll also runs on PostgreSQL, slowly, as a safety net after a lost connection.
 */
export function watchChanges(db: Database, onWake: () => void): { stop(): Promise<void> } {
  const interval = setInterval(onWake, db.kind === 'pglite' ? 100 : 1000);
  let listener: pg.Client | undefined;
  let stopped = false;
  const listen = async () => {
    if (db.kind !== 'postgres' || stopped) return;
    const client = new pg.Client({
      connectionString: (db.pool as unknown as { options: pg.PoolConfig }).options.connectionString,
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (!stopped) setTimeout(() => void listen().catch(() => undefined), 1000);
    });
    client.on('notification', onWake);
    await client.connect();
    await client.query('listen realtime_local');
    listener = client;
    onWake();
  };
  void listen().catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      clearInterval(interval);
      await listener?.end().catch(() => undefined);
    },
  };
}
