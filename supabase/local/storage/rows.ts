import type pg from 'pg';
import { asCaller, type JwtClaims } from '../db/database.ts';
import { accessDenied } from './errors.ts';

/**
 * SQL on storage.objects. Every function takes a client inside `asCaller`, so Postgres
 * evaluates the RLS policies of storage.objects as the caller; parameters only, never text.
 */
export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
}

export const OBJECT_COLUMNS =
  'id, bucket_id, name, owner, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `owner` (uuid) and `owner_id` (text) of rows the caller writes. */
export function ownerOf(claims: JwtClaims): { owner: string | null; ownerId: string | null } {
  const sub = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : null;
  return { owner: sub && UUID.test(sub) ? sub : null, ownerId: sub };
}

export async function findObject(
  client: pg.PoolClient,
  bucket: string,
  name: string,
  forUpdate = false,
): Promise<ObjectRow | undefined> {
  const { rows } = await client.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2${forUpdate ? ' for update' : ''}`,
    [bucket, name],
  );
  return rows[0];
}

export interface ObjectWrite {
  bucket: string;
  name: string;
  version: string;
  metadata: Record<string, unknown>;
  userMetadata: Record<string, unknown> | null;
  owner: string | null;
  ownerId: string | null;
}

async function insertObject(client: pg.PoolClient, w: ObjectWrite): Promise<ObjectRow> {
  const { rows } = await client.query<ObjectRow>(
    `insert into storage.objects (bucket_id, name, version, metadata, user_metadata, owner, owner_id)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${OBJECT_COLUMNS}`,
    [w.bucket, w.name, w.version, w.metadata, w.userMetadata, w.owner, w.ownerId],
  );
  return rows[0]!;
}

async function replaceObject(client: pg.PoolClient, id: string, w: ObjectWrite): Promise<ObjectRow> {
  const { rows } = await client.query<ObjectRow>(
    `update storage.objects
        set version = $2, metadata = $3, user_metadata = $4, owner = $5, owner_id = $6,
            updated_at = now(), last_accessed_at = now()
      where id = $1 returning ${OBJECT_COLUMNS}`,
    [id, w.version, w.metadata, w.userMetadata, w.owner, w.ownerId],
  );
  if (!rows[0]) throw accessDenied('new row violates row-level security policy');
  return rows[0];
}

/**
 * Inserts the object's row, or with `upsert` replaces the existing one (locked first, so that
 * the version it held, whose bytes must go, is known exactly). A row that exists but that the
 * caller may not see or change is refused like Postgres refuses an ON CONFLICT update.
 */
export async function writeObject(
  client: pg.PoolClient,
  w: ObjectWrite,
  upsert: boolean,
): Promise<{ row: ObjectRow; replaced: string | null }> {
  if (!upsert) return { row: await insertObject(client, w), replaced: null };
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await findObject(client, w.bucket, w.name, true);
    if (existing) return { row: await replaceObject(client, existing.id, w), replaced: existing.version };
    await client.query('savepoint storage_insert');
    try {
      const row = await insertObject(client, w);
      await client.query('release savepoint storage_insert');
      return { row, replaced: null };
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await client.query('rollback to savepoint storage_insert');
    }
  }
  throw accessDenied('new row violates row-level security policy');
}

const ROLLBACK = Symbol('rollback');

/** Runs `fn` as the caller and rolls it back: does Postgres let the caller do this? */
export async function testPermission(
  pool: pg.Pool,
  claims: JwtClaims,
  fn: (client: pg.PoolClient) => Promise<unknown>,
): Promise<void> {
  try {
    await asCaller(pool, claims, async (client) => {
      await fn(client);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}
