import type pg from 'pg';
import { asCaller, asSuperuser, becomeCaller, type JwtClaims } from '../db/database.ts';
import type { Change, TableShape } from './changes.ts';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function keyCondition(shape: TableShape, firstParam: number): string {
  return shape.primaryKey.map((column, i) => `${ident(column)}::text = $${firstParam + i}`).join(' and ');
}

function keyValues(shape: TableShape, row: Record<string, unknown>): string[] {
  return shape.primaryKey.map((column) => {
    const value = row[column];
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/**
 * Which of `changes` the caller may select, evaluated as the caller (as Supabase's
 * postgres_cdc_rls does): `set local role`, `request.jwt.claims`, then the row by primary key.
 * An inserted or updated row is read as it is now. A deleted row is put back, inside a
 * transaction that is rolled back, with triggers and foreign keys off, and read the same way.
 * A table without a primary key shows nothing to anyone but the service role.
 */
export async function visibleChanges(
  pool: pg.Pool,
  claims: JwtClaims,
  changes: { change: Change; shape: TableShape }[],
): Promise<Set<Change>> {
  const visible = new Set<Change>();
  if (claims.role === 'service_role') {
    for (const { change } of changes) visible.add(change);
    return visible;
  }
  const live = changes.filter(({ change, shape }) => change.type !== 'DELETE' && shape.primaryKey.length > 0);
  if (live.length > 0) {
    await asCaller(pool, claims, async (client) => {
      for (const { change, shape } of live) {
        const { rowCount } = await client.query(
          `select 1 from ${ident(change.schema)}.${ident(change.table)} where ${keyCondition(shape, 1)}`,
          keyValues(shape, change.record ?? {}),
        );
        if (rowCount) visible.add(change);
      }
    });
  }
  for (const { change, shape } of changes) {
    if (change.type !== 'DELETE' || shape.primaryKey.length === 0 || !change.oldRecord) continue;
    if (await deletedRowVisible(pool, claims, change, shape)) visible.add(change);
  }
  return visible;
}

class Rollback extends Error {}

async function deletedRowVisible(
  pool: pg.Pool,
  claims: JwtClaims,
  change: Change,
  shape: TableShape,
): Promise<boolean> {
  const table = `${ident(change.schema)}.${ident(change.table)}`;
  const columns = shape.writable.map(ident).join(', ');
  let seen = false;
  await asSuperuser(pool, async (client) => {
    try {
      await client.query(`set local session_replication_role = replica`);
      await client.query(
        `insert into ${table} (${columns}) overriding system value
         select ${columns} from jsonb_populate_record(null::${table}, $1)`,
        [change.oldRecord],
      );
      await becomeCaller(client, claims);
      const { rowCount } = await client.query(
        `select 1 from ${table} where ${keyCondition(shape, 1)}`,
        keyValues(shape, change.oldRecord!),
      );
      seen = (rowCount ?? 0) > 0;
    } catch {
      // The key is taken again or the row cannot be restored: not shown.
    }
    throw new Rollback();
  }).catch((error: unknown) => {
    if (!(error instanceof Rollback)) throw error;
  });
  return seen;
}
