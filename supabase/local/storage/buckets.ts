import type pg from 'pg';
import { asCaller, type JwtClaims } from '../db/database.ts';
import { invalidRequest, noSuchBucket } from './errors.ts';
import type { FileStore } from './files.ts';
import { checkBucketId } from './names.ts';
import { ownerOf } from './rows.ts';

/** What the bucket routes need. Access to buckets is decided by RLS on storage.buckets. */
export interface BucketDeps {
  pool: pg.Pool;
  files: FileStore;
}

export interface BucketLimits {
  id: string;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
}

/** What Storage answers for a bucket; listings add the bucket type, a single bucket does not. */
const BUCKET_COLUMNS = `id, name, owner, public, file_size_limit::float8 as file_size_limit,
  allowed_mime_types, created_at, updated_at`;
const SORT_COLUMNS = new Set(['id', 'name', 'created_at', 'updated_at']);
const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 };

/** A bucket's limits, read as the platform (uploads need them whatever the caller may see). */
export async function bucketLimits(pool: pg.Pool, id: string): Promise<BucketLimits> {
  const { rows } = await pool.query<BucketLimits>(
    `select id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types
       from storage.buckets where id = $1`,
    [id],
  );
  if (!rows[0]) throw noSuchBucket();
  return rows[0];
}

/** `file_size_limit` as Supabase accepts it: bytes, or a string such as `5MB`; null lifts it. */
function parseSizeLimit(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim()) : null;
  if (!match) throw invalidRequest('Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B');
  return Math.round(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!);
}

function parseMimeTypes(value: unknown): string[] | null {
  if (value === null) return null;
  if (
    Array.isArray(value) &&
    value.length <= 100 &&
    value.every((v) => typeof v === 'string' && /^[\w.+*-]+\/[\w.+*-]+$/.test(v))
  ) {
    return value as string[];
  }
  throw invalidRequest('allowed_mime_types must be a list of mime types such as image/png or image/*');
}

/** The settable columns present in a create/update body, validated. */
function settings(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body.public !== undefined) {
    if (typeof body.public !== 'boolean') throw invalidRequest('public must be a boolean');
    out.public = body.public;
  }
  if (body.file_size_limit !== undefined) out.file_size_limit = parseSizeLimit(body.file_size_limit);
  if (body.allowed_mime_types !== undefined) out.allowed_mime_types = parseMimeTypes(body.allowed_mime_types);
  return out;
}

function intParam(value: string | null, fallback: number): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw invalidRequest('limit and offset must be non-negative integers');
  return n;
}

export async function listBuckets(deps: BucketDeps, claims: JwtClaims, query: URLSearchParams): Promise<unknown[]> {
  const column = query.get('sortColumn') ?? 'name';
  const order = (query.get('sortOrder') ?? 'asc').toLowerCase();
  if (!SORT_COLUMNS.has(column) || (order !== 'asc' && order !== 'desc')) {
    throw invalidRequest('sortColumn must be id, name, created_at or updated_at, and sortOrder asc or desc');
  }
  const limit = query.has('limit') ? intParam(query.get('limit'), 0) : null;
  const offset = intParam(query.get('offset'), 0);
  return asCaller(deps.pool, claims, async (client) => {
    const { rows } = await client.query(
      `select ${BUCKET_COLUMNS}, 'STANDARD' as type from storage.buckets
        where $1::text is null or strpos(lower(name), lower($1)) > 0
        order by ${column} ${order} limit $2 offset $3`,
      [query.get('search'), limit, offset],
    );
    return rows;
  });
}

export async function getBucket(deps: BucketDeps, claims: JwtClaims, id: string): Promise<unknown> {
  return asCaller(deps.pool, claims, async (client) => {
    const { rows } = await client.query(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1`, [id]);
    if (!rows[0]) throw noSuchBucket();
    return rows[0];
  });
}

export async function createBucket(
  deps: BucketDeps,
  claims: JwtClaims,
  body: Record<string, unknown>,
): Promise<{ name: string }> {
  const rawId = body.id ?? body.name;
  const rawName = body.name ?? rawId;
  if (typeof rawId !== 'string' || typeof rawName !== 'string') throw invalidRequest('A bucket needs a name');
  const id = checkBucketId(rawId);
  const name = checkBucketId(rawName);
  const values = settings(body);
  const { owner, ownerId } = ownerOf(claims);
  await asCaller(deps.pool, claims, (client) =>
    client.query(
      `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
       values ($1, $2, $3, $4, coalesce($5, false), $6, $7)`,
      [
        id,
        name,
        owner,
        ownerId,
        values.public ?? null,
        values.file_size_limit ?? null,
        values.allowed_mime_types ?? null,
      ],
    ),
  );
  return { name };
}

export async function updateBucket(
  deps: BucketDeps,
  claims: JwtClaims,
  id: string,
  body: Record<string, unknown>,
): Promise<{ message: string }> {
  const values = settings(body);
  const columns = Object.keys(values);
  const assignments = columns.map((column, i) => `${column} = $${i + 2}`);
  await asCaller(deps.pool, claims, async (client) => {
    const { rowCount } = await client.query(
      `update storage.buckets set ${[...assignments, 'updated_at = now()'].join(', ')} where id = $1`,
      [id, ...columns.map((column) => values[column])],
    );
    if (!rowCount) throw noSuchBucket();
  });
  return { message: 'Successfully updated' };
}

export async function emptyBucket(deps: BucketDeps, claims: JwtClaims, id: string): Promise<{ message: string }> {
  const removed = await asCaller(deps.pool, claims, async (client) => {
    const found = await client.query('select 1 from storage.buckets where id = $1', [id]);
    if (!found.rowCount) throw noSuchBucket();
    const { rows } = await client.query<{ version: string | null }>(
      'delete from storage.objects where bucket_id = $1 returning version',
      [id],
    );
    return rows;
  });
  await Promise.all(removed.map((row) => deps.files.remove(id, row.version)));
  return { message: 'Empty bucket has been queued. Completion may take up to an hour.' };
}

export async function deleteBucket(deps: BucketDeps, claims: JwtClaims, id: string): Promise<{ message: string }> {
  await asCaller(deps.pool, claims, async (client) => {
    const { rowCount } = await client.query('delete from storage.buckets where id = $1', [id]);
    if (!rowCount) throw noSuchBucket();
  });
  await deps.files.removeBucket(id);
  return { message: 'Successfully deleted' };
}
