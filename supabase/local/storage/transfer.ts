import type pg from 'pg';
import { asCaller, type JwtClaims } from '../db/database.ts';
import { invalidRequest, noSuchKey } from './errors.ts';
import type { FileStore } from './files.ts';
import { checkBucketId, checkObjectName } from './names.ts';
import { findObject, ownerOf, writeObject } from './rows.ts';

export interface TransferDeps {
  pool: pg.Pool;
  files: FileStore;
}

interface Transfer {
  bucket: string;
  source: string;
  destinationBucket: string;
  destination: string;
}

/** The body storage-js sends to /object/move and /object/copy. */
function parseTransfer(body: Record<string, unknown>): Transfer {
  const { bucketId, sourceKey, destinationKey, destinationBucket } = body;
  if (
    typeof bucketId !== 'string' ||
    typeof sourceKey !== 'string' ||
    typeof destinationKey !== 'string' ||
    (destinationBucket !== undefined && destinationBucket !== null && typeof destinationBucket !== 'string')
  ) {
    throw invalidRequest('bucketId, sourceKey and destinationKey are required');
  }
  return {
    bucket: checkBucketId(bucketId),
    source: checkObjectName(sourceKey),
    destinationBucket: checkBucketId(destinationBucket ?? bucketId),
    destination: checkObjectName(destinationKey),
  };
}

function isMissingFile(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOENT';
}

/**
 * Renames the row as the caller (RLS checks both the old and the new row). Bytes stay under
 * their version; a move across buckets links them into the new bucket before the commit.
 */
export async function moveObject(
  deps: TransferDeps,
  claims: JwtClaims,
  body: Record<string, unknown>,
): Promise<{ message: string }> {
  const t = parseTransfer(body);
  const { owner, ownerId } = ownerOf(claims);
  // Set once the bytes are also reachable from the destination bucket.
  const link = { version: null as string | null };
  try {
    const version = await asCaller(deps.pool, claims, async (client) => {
      const { rows } = await client.query<{ version: string | null }>(
        `update storage.objects set bucket_id = $3, name = $4, owner = $5, owner_id = $6, updated_at = now()
          where bucket_id = $1 and name = $2 returning version`,
        [t.bucket, t.source, t.destinationBucket, t.destination, owner, ownerId],
      );
      if (!rows[0]) throw noSuchKey();
      const moved = rows[0].version;
      if (moved && t.destinationBucket !== t.bucket) {
        await deps.files.link(moved, t.bucket, t.destinationBucket);
        link.version = moved;
      }
      return moved;
    });
    if (link.version) await deps.files.remove(t.bucket, version);
  } catch (error) {
    if (link.version) await deps.files.remove(t.destinationBucket, link.version);
    throw isMissingFile(error) ? noSuchKey() : error;
  }
  return { message: 'Successfully moved' };
}

/** Copies the bytes under a new version and writes the destination row as the caller. */
export async function copyObject(
  deps: TransferDeps,
  claims: JwtClaims,
  body: Record<string, unknown>,
  upsert: boolean,
): Promise<{ Id: string; Key: string }> {
  const t = parseTransfer(body);
  const source = await asCaller(deps.pool, claims, (client) => findObject(client, t.bucket, t.source));
  if (!source?.version) throw noSuchKey();
  const version = deps.files.newVersion();
  try {
    await deps.files.copy({ bucket: t.bucket, version: source.version }, { bucket: t.destinationBucket, version });
  } catch (error) {
    throw isMissingFile(error) ? noSuchKey() : error;
  }
  const write = {
    bucket: t.destinationBucket,
    name: t.destination,
    version,
    metadata: { ...source.metadata, lastModified: new Date().toISOString() },
    userMetadata: source.user_metadata,
    ...ownerOf(claims),
  };
  let written: Awaited<ReturnType<typeof writeObject>>;
  try {
    written = await asCaller(deps.pool, claims, (client) => writeObject(client, write, upsert));
  } catch (error) {
    await deps.files.remove(t.destinationBucket, version);
    throw error;
  }
  await deps.files.remove(t.destinationBucket, written.replaced);
  return { Id: written.row.id, Key: `${t.destinationBucket}/${t.destination}` };
}
