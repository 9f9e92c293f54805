import type pg from 'pg';
import { asCaller, type JwtClaims } from '../db/database.ts';
import { invalidRequest } from './errors.ts';
import { checkPrefix, hasForbiddenChar } from './names.ts';

const SORT_COLUMNS = new Set(['name', 'id', 'updated_at', 'created_at', 'last_accessed_at']);
const MAX_LIMIT = 10_000;

function integer(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw invalidRequest(`limit and offset must be integers between 0 and ${max}`);
  }
  return value;
}

/**
 * POST /object/list/:bucket, like Supabase's `storage.search`: the entries directly under
 * `prefix`, sub-folders (id and dates null) and files together, among the rows the caller
 * may see. `search` keeps the entries whose name starts with it (case-insensitive).
 */
export async function listObjects(
  pool: pg.Pool,
  claims: JwtClaims,
  bucket: string,
  body: Record<string, unknown>,
): Promise<unknown[]> {
  const rawPrefix = body.prefix ?? '';
  const search = body.search ?? '';
  if (typeof rawPrefix !== 'string' || typeof search !== 'string' || hasForbiddenChar(search)) {
    throw invalidRequest('prefix and search must be strings');
  }
  const prefix = checkPrefix(rawPrefix);
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const sortBy = (body.sortBy ?? {}) as Record<string, unknown>;
  const column = sortBy.column ?? 'name';
  const order = typeof sortBy.order === 'string' ? sortBy.order.toLowerCase() : 'asc';
  if (typeof column !== 'string' || !SORT_COLUMNS.has(column) || (order !== 'asc' && order !== 'desc')) {
    throw invalidRequest('sortBy.column must be a column of the listing and sortBy.order asc or desc');
  }
  const limit = integer(body.limit, 100, MAX_LIMIT);
  const offset = integer(body.offset, 0, Number.MAX_SAFE_INTEGER);
  return asCaller(pool, claims, async (client) => {
    const { rows } = await client.query(
      `with entries as (
         select split_part(substr(name, char_length($2) + 1), '/', 1) as entry,
                strpos(substr(name, char_length($2) + 1), '/') > 0 as is_folder,
                id, updated_at, created_at, last_accessed_at, metadata
           from storage.objects
          where bucket_id = $1 and left(name, char_length($2)) = $2
       ), matching as (
         select * from entries where left(lower(entry), char_length($3)) = lower($3)
       )
       select entry as name, null::uuid as id, null::timestamptz as updated_at, null::timestamptz as created_at,
              null::timestamptz as last_accessed_at, null::jsonb as metadata
         from matching where is_folder group by entry
       union all
       select entry, id, updated_at, created_at, last_accessed_at, metadata from matching where not is_folder
       order by ${column} ${order}, name
       limit $4 offset $5`,
      [bucket, folder, search, limit, offset],
    );
    return rows;
  });
}
