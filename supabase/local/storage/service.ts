import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { JwtClaims } from '../db/database.ts';
import { HttpError, readBody, sendJson, type ServiceContext, type ServiceHandler } from '../http.ts';
import { createBucket, deleteBucket, emptyBucket, getBucket, listBuckets, updateBucket } from './buckets.ts';
import { fromDatabase, invalidRequest, storageError } from './errors.ts';
import { FileStore } from './files.ts';
import { listObjects } from './listing.ts';
import { listObjectsV2 } from './listing-v2.ts';
import { checkBucketId, decodePath, splitObjectPath } from './names.ts';
import { checkPublic, objectInfo, removeObject, removeObjects, sendObject, uploadObject } from './objects.ts';
import { signObject, signObjects, signUpload } from './signed-urls.ts';
import { callerClaims, verifyUrlToken } from './signing.ts';
import { copyObject, moveObject } from './transfer.ts';

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The verified caller; throws 401 when the request carries no valid token. */
  caller(): Promise<JwtClaims>;
  /** The JSON object body (storage-style 400 when it is not one). */
  json(): Promise<Record<string, unknown>>;
}

interface Route {
  methods: string[];
  /** Matched against the still percent-encoded path; groups are decoded by the handler. */
  pattern: RegExp;
  handle(call: Call, groups: string[]): Promise<void>;
}

const JSON_LIMIT = 1024 * 1024;

async function readStorageJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req, JSON_LIMIT, () =>
    storageError(413, 'EntityTooLarge', 'The request body is too large'),
  );
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw invalidRequest('The body must be a JSON object');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const bucketOf = (raw: string) => checkBucketId(decodePath(raw));
const objectOf = (raw: string) => splitObjectPath(decodePath(raw));

/** The Storage API supabase-js v2 calls, under /storage/v1. */
export function createStorageService(ctx: ServiceContext): ServiceHandler {
  const { pool } = ctx.db;
  const secret = ctx.config.jwtSecret;
  const files = new FileStore(join(ctx.config.dataDir, 'storage'));
  const deps = { pool, files, secret, newVersion: () => files.newVersion() };
  const send = (call: Call, body: unknown) => sendJson(call.res, 200, body);
  const isUpsert = (call: Call) => header(call.req, 'x-upsert') === 'true';
  const download = (call: Call) => call.url.searchParams.get('download');

  const routes: Route[] = [
    {
      methods: ['GET'],
      pattern: /^\/bucket\/?$/,
      handle: async (call) => send(call, await listBuckets(deps, await call.caller(), call.url.searchParams)),
    },
    {
      methods: ['POST'],
      pattern: /^\/bucket\/?$/,
      handle: async (call) => send(call, await createBucket(deps, await call.caller(), await call.json())),
    },
    {
      methods: ['POST'],
      pattern: /^\/bucket\/([^/]+)\/empty\/?$/,
      handle: async (call, [id]) => send(call, await emptyBucket(deps, await call.caller(), bucketOf(id!))),
    },
    {
      methods: ['GET', 'PUT', 'DELETE'],
      pattern: /^\/bucket\/([^/]+)\/?$/,
      handle: async (call, [id]) => {
        const claims = await call.caller();
        const bucket = bucketOf(id!);
        if (call.req.method === 'GET') send(call, await getBucket(deps, claims, bucket));
        else if (call.req.method === 'PUT') send(call, await updateBucket(deps, claims, bucket, await call.json()));
        else send(call, await deleteBucket(deps, claims, bucket));
      },
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/list\/([^/]+)\/?$/,
      handle: async (call, [id]) =>
        send(call, await listObjects(pool, await call.caller(), bucketOf(id!), await call.json())),
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/list-v2\/([^/]+)\/?$/,
      handle: async (call, [id]) =>
        send(call, await listObjectsV2(pool, await call.caller(), bucketOf(id!), await call.json())),
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/move\/?$/,
      handle: async (call) => send(call, await moveObject(deps, await call.caller(), await call.json())),
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/copy\/?$/,
      handle: async (call) =>
        send(call, await copyObject(deps, await call.caller(), await call.json(), isUpsert(call))),
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/sign\/([^/]+)\/?$/,
      handle: async (call, [id]) =>
        send(call, await signObjects(deps, await call.caller(), bucketOf(id!), await call.json())),
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/sign\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        send(call, await signObject(deps, await call.caller(), bucket, name, await call.json()));
      },
    },
    {
      methods: ['GET', 'HEAD'],
      pattern: /^\/object\/sign\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        const token = call.url.searchParams.get('token') ?? '';
        await verifyUrlToken(secret, token, `${bucket}/${name}`, 'download');
        await sendObject(deps, call.req, call.res, 'platform', { bucket, name, download: download(call) });
      },
    },
    {
      methods: ['POST'],
      pattern: /^\/object\/upload\/sign\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        send(call, await signUpload(deps, await call.caller(), bucket, name, isUpsert(call)));
      },
    },
    {
      methods: ['PUT'],
      pattern: /^\/object\/upload\/sign\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        const token = call.url.searchParams.get('token') ?? '';
        const grant = await verifyUrlToken(secret, token, `${bucket}/${name}`, 'upload');
        // The URL's signer allowed this upload; it is written by the platform, owned by the signer.
        const claims: JwtClaims = { role: 'service_role', ...(grant.owner ? { sub: grant.owner } : {}) };
        const { Key } = await uploadObject(deps, call.req, claims, { bucket, name, upsert: grant.upsert === true });
        send(call, { Key });
      },
    },
    {
      methods: ['GET', 'HEAD'],
      pattern: /^\/object\/public\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        await checkPublic(deps, bucket);
        await sendObject(deps, call.req, call.res, 'platform', { bucket, name, download: download(call) });
      },
    },
    {
      methods: ['GET'],
      pattern: /^\/object\/info\/public\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        await checkPublic(deps, bucket);
        send(call, await objectInfo(deps, 'platform', bucket, name));
      },
    },
    {
      methods: ['GET'],
      pattern: /^\/object\/info\/(?:authenticated\/)?(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        send(call, await objectInfo(deps, { claims: await call.caller() }, bucket, name));
      },
    },
    {
      methods: ['GET', 'HEAD'],
      pattern: /^\/object\/(?:authenticated\/)?(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        const reader = { claims: await call.caller() };
        await sendObject(deps, call.req, call.res, reader, { bucket, name, download: download(call) });
      },
    },
    {
      methods: ['DELETE'],
      pattern: /^\/object\/([^/]+)\/?$/,
      handle: async (call, [id]) =>
        send(call, await removeObjects(deps, await call.caller(), bucketOf(id!), await call.json())),
    },
    {
      methods: ['DELETE'],
      pattern: /^\/object\/(.+)$/,
      handle: async (call, [path]) => {
        const { bucket, name } = objectOf(path!);
        send(call, await removeObject(deps, await call.caller(), bucket, name));
      },
    },
    {
      methods: ['POST', 'PUT'],
      pattern: /^\/object\/(.+)$/,
      handle: async (call, [path]) => {
        const claims = await call.caller();
        const { bucket, name } = objectOf(path!);
        // PUT replaces, as Supabase's update does; POST replaces only with `x-upsert: true`.
        const upsert = call.req.method === 'PUT' || isUpsert(call);
        send(call, await uploadObject(deps, call.req, claims, { bucket, name, upsert }));
      },
    },
  ];

  return async (req, res, path, url) => {
    const method = req.method ?? 'GET';
    const call: Call = {
      req,
      res,
      url,
      caller: () => callerClaims(req, secret),
      json: () => readStorageJson(req),
    };
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match || !route.methods.includes(method)) continue;
      try {
        await route.handle(call, match.slice(1));
      } catch (error) {
        throw fromDatabase(error);
      }
      return;
    }
    throw new HttpError(404, { statusCode: '404', error: 'Not Found', message: `Route ${method}:${path} not found` });
  };
}
