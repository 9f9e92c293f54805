import type pg from 'pg';
import { asCaller, type JwtClaims } from '../db/database.ts';
import { bucketLimits } from './buckets.ts';
import { invalidRequest, noSuchKey } from './errors.ts';
import { checkObjectName } from './names.ts';
import { findObject, ownerOf, testPermission, writeObject } from './rows.ts';
import { signUrlToken } from './signing.ts';

export interface SigningDeps {
  pool: pg.Pool;
  secret: string;
  newVersion(): string;
}

/** Supabase's default lifetime of a signed upload URL (2 hours). */
const UPLOAD_URL_SECONDS = 2 * 60 * 60;
const MAX_EXPIRES_IN = 100 * 365 * 24 * 60 * 60;
const MAX_PATHS = 1000;
const NOT_ACCESSIBLE = 'Either the object does not exist or you do not have access to it';

function expiresIn(body: Record<string, unknown>): number {
  const value = body.expiresIn;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_EXPIRES_IN) {
    throw invalidRequest('expiresIn must be a whole number of seconds, at least 1');
  }
  return value;
}

/** POST /object/sign/:bucket/*name: a download URL for an object the caller can read. */
export async function signObject(
  deps: SigningDeps,
  claims: JwtClaims,
  bucket: string,
  name: string,
  body: Record<string, unknown>,
): Promise<{ signedURL: string }> {
  const seconds = expiresIn(body);
  const row = await asCaller(deps.pool, claims, (client) => findObject(client, bucket, name));
  if (!row) throw noSuchKey();
  const url = `${bucket}/${name}`;
  return { signedURL: `/object/sign/${url}?token=${await signUrlToken(deps.secret, { url }, seconds)}` };
}

/** POST /object/sign/:bucket {paths}: one entry per path, with an error for those the caller cannot read. */
export async function signObjects(
  deps: SigningDeps,
  claims: JwtClaims,
  bucket: string,
  body: Record<string, unknown>,
): Promise<{ error: string | null; path: string; signedURL: string | null }[]> {
  const seconds = expiresIn(body);
  const { paths } = body;
  if (!Array.isArray(paths) || paths.length > MAX_PATHS || !paths.every((p) => typeof p === 'string')) {
    throw invalidRequest(`paths must be a list of at most ${MAX_PATHS} object names`);
  }
  const names = (paths as string[]).map(checkObjectName);
  const visible = await asCaller(deps.pool, claims, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      'select name from storage.objects where bucket_id = $1 and name = any($2::text[])',
      [bucket, names],
    );
    return new Set(rows.map((row) => row.name));
  });
  return Promise.all(
    names.map(async (path) => {
      if (!visible.has(path)) return { error: NOT_ACCESSIBLE, path, signedURL: null };
      const url = `${bucket}/${path}`;
      const token = await signUrlToken(deps.secret, { url }, seconds);
      return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
    }),
  );
}

/** POST /object/upload/sign/:bucket/*name: allowed only if the caller could upload there now. */
export async function signUpload(
  deps: SigningDeps,
  claims: JwtClaims,
  bucket: string,
  name: string,
  upsert: boolean,
): Promise<{ url: string; token: string }> {
  await bucketLimits(deps.pool, bucket);
  const { owner, ownerId } = ownerOf(claims);
  await testPermission(deps.pool, claims, (client) =>
    writeObject(
      client,
      { bucket, name, owner, ownerId, version: deps.newVersion(), metadata: {}, userMetadata: null },
      upsert,
    ),
  );
  const url = `${bucket}/${checkObjectName(name)}`;
  const token = await signUrlToken(
    deps.secret,
    { url, upsert, ...(ownerId ? { owner: ownerId } : {}) },
    UPLOAD_URL_SECONDS,
  );
  return { url: `/object/upload/sign/${url}?token=${token}`, token };
}
