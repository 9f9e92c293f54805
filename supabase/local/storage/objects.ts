import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { asCaller, asSuperuser, type JwtClaims } from '../db/database.ts';
import { bucketLimits } from './buckets.ts';
import { invalidRequest, noSuchBucket, noSuchKey } from './errors.ts';
import type { FileStore } from './files.ts';
import { receiveUpload } from './incoming.ts';
import { checkObjectName } from './names.ts';
import { findObject, OBJECT_COLUMNS, ownerOf, testPermission, writeObject, type ObjectRow } from './rows.ts';

export interface ObjectDeps {
  pool: pg.Pool;
  files: FileStore;
}

/** Supabase's default global limit (CLI `file_size_limit = "50MiB"`); buckets may only lower it. */
export const GLOBAL_FILE_SIZE_LIMIT = 50 * 1024 * 1024;
const MAX_PREFIXES = 1000;

/** Who reads: a caller (RLS applies), or the platform itself for public and signed URLs. */
export type Reader = { claims: JwtClaims } | 'platform';

function readRow(deps: ObjectDeps, reader: Reader, bucket: string, name: string): Promise<ObjectRow | undefined> {
  const read = (client: pg.PoolClient) => findObject(client, bucket, name);
  return reader === 'platform' ? asSuperuser(deps.pool, read) : asCaller(deps.pool, reader.claims, read);
}

/**
 * Upload (POST, or PUT which Supabase treats as an upsert): checks that Postgres would let the
 * caller write the row before reading the body, streams the body to a durable file, then
 * commits the row as the caller. The bytes of a replaced version go once the row is committed.
 */
export async function uploadObject(
  deps: ObjectDeps,
  req: IncomingMessage,
  claims: JwtClaims,
  target: { bucket: string; name: string; upsert: boolean },
): Promise<{ Id: string; Key: string }> {
  const { bucket, name, upsert } = target;
  const limits = await bucketLimits(deps.pool, bucket);
  const emptyFolder = name.endsWith('.emptyFolderPlaceholder');
  const { owner, ownerId } = ownerOf(claims);
  const base = { bucket, name, owner, ownerId, metadata: {}, userMetadata: null };
  await testPermission(deps.pool, claims, (client) =>
    writeObject(client, { ...base, version: deps.files.newVersion() }, upsert),
  );
  const file = await receiveUpload(req, deps.files, {
    limit: emptyFolder ? 0 : Math.min(limits.file_size_limit ?? GLOBAL_FILE_SIZE_LIMIT, GLOBAL_FILE_SIZE_LIMIT),
    allowedMimeTypes: emptyFolder ? null : limits.allowed_mime_types,
  });
  const version = deps.files.newVersion();
  try {
    await deps.files.commit(file.temp, bucket, version);
  } catch (error) {
    await file.temp.discard();
    throw error;
  }
  const metadata = {
    eTag: `"${file.md5}"`,
    size: file.size,
    mimetype: file.mimetype,
    cacheControl: file.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: file.size,
    httpStatusCode: 200,
  };
  let written: Awaited<ReturnType<typeof writeObject>>;
  try {
    written = await asCaller(deps.pool, claims, (client) =>
      // Storage records the caller's metadata as given, `{}` when there is none.
      writeObject(client, { ...base, version, metadata, userMetadata: file.userMetadata ?? {} }, upsert),
    );
  } catch (error) {
    await deps.files.remove(bucket, version);
    throw error;
  }
  await deps.files.remove(bucket, written.replaced);
  return { Id: written.row.id, Key: `${bucket}/${name}` };
}

function contentDisposition(download: string | null): string | undefined {
  if (download === null) return undefined;
  if (download === '') return 'attachment;';
  const ascii = download.replace(/[^\x20-\x7e]|["\\;]/g, '_');
  return `attachment; filename=${ascii}; filename*=UTF-8''${encodeURIComponent(download)}`;
}

/** Sends the object's bytes (or only its headers for HEAD) with Storage's headers. */
export async function sendObject(
  deps: ObjectDeps,
  req: IncomingMessage,
  res: ServerResponse,
  reader: Reader,
  target: { bucket: string; name: string; download: string | null },
): Promise<void> {
  const row = await readRow(deps, reader, target.bucket, target.name);
  const file = row && (await deps.files.open(target.bucket, row.version));
  if (!row || !file) throw noSuchKey();
  const meta = row.metadata ?? {};
  const etag = typeof meta.eTag === 'string' ? meta.eTag : undefined;
  const headers: Record<string, string | number> = {
    'content-type': typeof meta.mimetype === 'string' ? meta.mimetype : 'application/octet-stream',
    'content-length': file.size,
    'cache-control': typeof meta.cacheControl === 'string' ? meta.cacheControl : 'no-cache',
    'last-modified': row.updated_at.toUTCString(),
    'x-robots-tag': 'none',
    'x-content-type-options': 'nosniff',
    ...(etag ? { etag } : {}),
  };
  const disposition = contentDisposition(target.download);
  if (disposition) headers['content-disposition'] = disposition;
  if (etag && req.headers['if-none-match'] === etag) {
    file.stream.destroy();
    res.writeHead(304, { etag });
    res.end();
    return;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    file.stream.destroy();
    res.end();
    return;
  }
  // A reader that goes away mid-download is not an error of ours.
  await pipeline(file.stream, res).catch(() => res.destroy());
}

/** GET /object/info: the object's description, as storage-js `info()` reads it. */
export async function objectInfo(
  deps: ObjectDeps,
  reader: Reader,
  bucket: string,
  name: string,
): Promise<Record<string, unknown>> {
  const row = await readRow(deps, reader, bucket, name);
  if (!row) throw noSuchKey();
  const meta = row.metadata ?? {};
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    bucket_id: row.bucket_id,
    size: meta.size ?? null,
    content_type: meta.mimetype ?? null,
    cache_control: meta.cacheControl ?? null,
    etag: meta.eTag ?? null,
    metadata: row.user_metadata ?? {},
    last_modified: row.updated_at,
    created_at: row.created_at,
  };
}

/** Public buckets are readable by anyone, without a token. */
export async function checkPublic(deps: ObjectDeps, bucket: string): Promise<void> {
  const limits = await bucketLimits(deps.pool, bucket);
  if (!limits.public) throw noSuchBucket();
}

/** DELETE /object/:bucket {prefixes}: removes the rows the caller may delete, then their bytes. */
export async function removeObjects(
  deps: ObjectDeps,
  claims: JwtClaims,
  bucket: string,
  body: Record<string, unknown>,
): Promise<ObjectRow[]> {
  const { prefixes } = body;
  if (
    !Array.isArray(prefixes) ||
    prefixes.length === 0 ||
    prefixes.length > MAX_PREFIXES ||
    !prefixes.every((p) => typeof p === 'string')
  ) {
    throw invalidRequest(`prefixes must be a list of 1 to ${MAX_PREFIXES} object names`);
  }
  const names = (prefixes as string[]).map(checkObjectName);
  const rows = await asCaller(deps.pool, claims, async (client) => {
    const result = await client.query<ObjectRow>(
      `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning ${OBJECT_COLUMNS}`,
      [bucket, names],
    );
    return result.rows;
  });
  await Promise.all(rows.map((row) => deps.files.remove(bucket, row.version)));
  return rows;
}

/** DELETE /object/:bucket/*name: removes one object. */
export async function removeObject(
  deps: ObjectDeps,
  claims: JwtClaims,
  bucket: string,
  name: string,
): Promise<{ message: string }> {
  const version = await asCaller(deps.pool, claims, async (client) => {
    const { rows } = await client.query<{ version: string | null }>(
      'delete from storage.objects where bucket_id = $1 and name = $2 returning version',
      [bucket, name],
    );
    if (!rows[0]) throw noSuchKey();
    return rows[0].version;
  });
  await deps.files.remove(bucket, version);
  return { message: 'Successfully deleted' };
}
