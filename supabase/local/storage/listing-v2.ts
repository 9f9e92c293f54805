import type pg from 'pg';
import { asCaller, type JwtClaims } from '../db/database.ts';
import { invalidRequest } from './errors.ts';
import { hasForbiddenChar } from './names.ts';

const SORT_COLUMNS = new Set(['name', 'updated_at', 'created_at']);
const MAX_KEYS = 1000;

/** Where the previous page stopped, in the order it was sorted by (Storage's continuation token). */
interface Cursor {
  after: string;
  order: 'asc' | 'desc';
  column: string;
  /** The last entry's sort date (ISO, milliseconds) when sorting by a date. */
  dateAfter?: string;
}

const CURSOR_PARTS = { l: 'after', o: 'order', c: 'column', a: 'dateAfter' } as const;

/** Storage's token: `key:value` lines in base64 (l = last name, o = order, c = column, a = last date). */
function encodeCursor(cursor: Cursor): string {
  const lines = Object.entries(CURSOR_PARTS)
    .filter(([, field]) => cursor[field])
    .map(([key, field]) => `${key}:${cursor[field]}`);
  return Buffer.from(lines.join('\n')).toString('base64');
}

function decodeCursor(token: string): Cursor {
  const fields: Record<string, string> = {};
  for (const line of Buffer.from(token, 'base64').toString('utf8').split('\n')) {
    const match = /^([loca]):(.*)$/s.exec(line);
    if (!match) throw invalidRequest('Invalid continuation token');
    fields[CURSOR_PARTS[match[1] as keyof typeof CURSOR_PARTS]] = match[2]!;
  }
  const { after = '', order = 'asc', column = 'name', dateAfter } = fields;
  if (
    (order !== 'asc' && order !== 'desc') ||
    !SORT_COLUMNS.has(column) ||
    hasForbiddenChar(after) ||
    (dateAfter !== undefined && Number.isNaN(Date.parse(dateAfter)))
  ) {
    throw invalidRequest('Invalid continuation token');
  }
  return { after, order, column, ...(dateAfter ? { dateAfter } : {}) };
}

/** The body of POST /object/list-v2/:bucket, validated as Storage's schema does. */
function parseOptions(body: Record<string, unknown>): {
  prefix: string;
  limit: number;
  delimited: boolean;
  cursor: Cursor;
} {
  const { prefix = '', limit, cursor, with_delimiter: delimited = false, sortBy } = body;
  if (typeof prefix !== 'string' || hasForbiddenChar(prefix)) throw invalidRequest('prefix must be a string');
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)) {
    throw invalidRequest('limit must be an integer of at least 1');
  }
  if (typeof delimited !== 'boolean') throw invalidRequest('with_delimiter must be a boolean');
  if (cursor !== undefined && typeof cursor !== 'string') throw invalidRequest('cursor must be a string');
  if (cursor) return { prefix, limit: Math.min(limit ?? MAX_KEYS, MAX_KEYS), delimited, cursor: decodeCursor(cursor) };
  let column = 'name';
  let order: 'asc' | 'desc' = 'asc';
  if (sortBy !== undefined) {
    const sort = (sortBy ?? {}) as Record<string, unknown>;
    const givenOrder = sort.order ?? 'asc';
    if (
      typeof sort.column !== 'string' ||
      !SORT_COLUMNS.has(sort.column) ||
      (givenOrder !== 'asc' && givenOrder !== 'desc')
    ) {
      throw invalidRequest('sortBy.column must be name, updated_at or created_at and sortBy.order asc or desc');
    }
    column = sort.column;
    order = givenOrder;
  }
  return { prefix, limit: Math.min(limit ?? MAX_KEYS, MAX_KEYS), delimited, cursor: { after: '', order, column } };
}

interface Entry {
  name: string;
  id: string | null;
  updated_at: Date | null;
  created_at: Date | null;
  last_accessed_at: Date | null;
  metadata: Record<string, unknown> | null;
}

/**
 * POST /object/list-v2/:bucket, like Supabase Storage's `listV2`: the objects whose name starts
 * with `prefix` (literally), or with `with_delimiter` the files and sub-folders directly under it
 * (a folder sorts by its first object's creation date). Pages of at most 1000, continued by an
 * opaque cursor that carries the sort; RLS decides which rows the caller sees.
 */
export async function listObjectsV2(
  pool: pg.Pool,
  claims: JwtClaims,
  bucket: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { prefix, limit, delimited, cursor } = parseOptions(body);
  const { order, column } = cursor;
  const dateKey = column === 'name' ? '' : `date_trunc('milliseconds', ${column})`;
  const params: unknown[] = [bucket, prefix, delimited, limit + 1];
  let seek = '';
  if (cursor.after !== '') {
    const op = order === 'asc' ? '>' : '<';
    params.push(cursor.after);
    seek = `where name collate "C" ${op} $5::text`;
    if (dateKey) {
      params.push(cursor.dateAfter ?? null);
      seek = `where (${dateKey}, name collate "C") ${op} (coalesce($6::timestamptz, 'epoch'), $5::text)`;
    }
  }
  const entries = await asCaller(pool, claims, async (client) => {
    const { rows } = await client.query<Entry>(
      `with matching as (
         select name, id, updated_at, created_at, last_accessed_at, metadata,
                case when $3::boolean then strpos(substr(name, char_length($2) + 1), '/') else 0 end as slash
           from storage.objects
          where bucket_id = $1 and left(name, char_length($2)) = $2
       ), entries as (
         select left(name, char_length($2) + slash) as name, null::uuid as id, min(created_at) as updated_at,
                min(created_at) as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata
           from matching where slash > 0 group by 1
         union all
         select name, id, updated_at, created_at, last_accessed_at, metadata from matching where slash = 0
       )
       select * from entries ${seek}
        order by ${dateKey ? `${dateKey} ${order}, ` : ''}name collate "C" ${order}
        limit $4`,
      params,
    );
    return rows;
  });
  const hasNext = entries.length > limit;
  const page = entries.slice(0, limit);
  const level = prefix === '' ? 1 : prefix.split('/').length;
  const keyOf = (name: string) => name.split('/')[level - 1] ?? '';
  const folders = page.filter((e) => e.id === null).map((e) => ({ key: keyOf(e.name), name: e.name }));
  const objects = page.filter((e) => e.id !== null).map((e) => (delimited ? { ...e, key: keyOf(e.name) } : e));
  const last = page.at(-1);
  if (!hasNext || !last) return { hasNext: false, folders, objects };
  const lastDate = column === 'name' ? null : last[column as 'created_at' | 'updated_at'];
  const next: Cursor = { after: last.name, order, column, ...(lastDate ? { dateAfter: lastDate.toISOString() } : {}) };
  return { hasNext, nextCursor: encodeCursor(next), nextCursorKey: last.name, folders, objects };
}
