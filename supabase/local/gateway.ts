import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { StackConfig } from './config.ts';
import { BAD_ADDRESS, bodyLimit, HEADERS_TOO_LARGE, isValidTarget, TOO_LARGE, URI_TOO_LONG } from './edge-rules.ts';
import { HttpError, sendJson, type ServiceHandler } from './http.ts';
import type { RealtimeService } from './realtime/server.ts';

export interface GatewayRoutes {
  auth: ServiceHandler;
  storage: ServiceHandler;
  realtime?: RealtimeService;
}

/** Reused connections to PostgREST: a new TCP handshake per request would double the latency. */
const upstreamAgent = new Agent({ keepAlive: true, maxSockets: 64 });

export const EXPOSED_HEADERS = [
  'content-range',
  'content-length',
  'content-type',
  'content-location',
  'location',
  'preference-applied',
  'range-unit',
  'etag',
  'x-supabase-api-version',
  'x-total-count',
  'link',
].join(', ');

export const DEFAULT_ALLOWED_HEADERS =
  'authorization, x-client-info, apikey, content-type, prefer, range, accept, accept-profile, content-profile, x-upsert, cache-control, x-supabase-api-version, x-retry-count';

/** PostgREST query parameters that are not filters (safeupdate looks for at least one filter). */
export const NON_FILTER_PARAMS = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

/** Auth paths reached by following a link from an email: no API key, as on hosted Supabase. */
const OPEN_AUTH_PATHS = new Set(['/verify', '/callback', '/authorize']);

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.apikey;
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey') ?? undefined;
}

/** Kong's key-auth: the anon or the service_role key must accompany REST and auth calls. */
function checkApiKey(config: StackConfig, req: IncomingMessage, url: URL): void {
  const key = apiKeyOf(req, url);
  if (!key) throw new HttpError(401, { message: 'No API key found in request' });
  if (key !== config.anonKey && key !== config.serviceRoleKey) {
    throw new HttpError(401, { message: 'Invalid authentication credentials' });
  }
}

/** Supabase's safeupdate: UPDATE or DELETE must carry at least one filter. */
function checkSafeUpdate(req: IncomingMessage, path: string, url: URL): void {
  if (req.method !== 'PATCH' && req.method !== 'DELETE') return;
  if (path.startsWith('/rpc/')) return;
  const hasFilter = [...url.searchParams.keys()].some((key) => !NON_FILTER_PARAMS.has(key) && key !== 'apikey');
  if (hasFilter) return;
  const verb = req.method === 'PATCH' ? 'UPDATE' : 'DELETE';
  throw new HttpError(400, { code: '21000', details: null, hint: null, message: `${verb} requires a WHERE clause` });
}

function proxyToPostgrest(
  config: StackConfig,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  cors: Record<string, string>,
  limit: number,
): Promise<void> {
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.connection;
  const key = apiKeyOf(req, url);
  if (!headers.authorization && key) headers.authorization = `Bearer ${key}`;
  // Kong's key-auth hides the credentials from PostgREST (it would read apikey as a filter).
  delete headers.apikey;
  let search = url.search;
  if (url.searchParams.has('apikey')) {
    const query = new URLSearchParams(url.search);
    query.delete('apikey');
    search = query.size > 0 ? `?${query}` : '';
  }
  return new Promise((resolve) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: config.postgrestPort,
        agent: upstreamAgent,
        method: req.method,
        path: path + search,
        headers,
      },
      (answer) => {
        const out = { ...answer.headers, ...cors };
        delete out.connection;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', () => resolve());
      },
    );
    let refused = false;
    upstream.on('error', () => {
      if (refused) return;
      if (!res.headersSent) sendJson(res, 503, { message: 'The REST service is not available' }, cors);
      else res.destroy();
      resolve();
    });
    // A body without content-length is counted as it flows, and cut off at the limit.
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit || refused) return;
      refused = true;
      req.unpipe(upstream);
      upstream.destroy();
      if (!res.headersSent) sendJson(res, 413, TOO_LARGE, cors);
      resolve();
    });
    req.pipe(upstream);
  });
}

/** Refuses a declared body over the service's limit before reading it (the rest is drained, not kept). */
function checkDeclaredSize(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new HttpError(413, TOO_LARGE);
  }
}

/** What Node's parser refuses (broken request line, headers too large): JSON too, then the connection closes. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', HEADERS_TOO_LARGE]
      : error.code === 'HPE_URI_TOO_LONG'
        ? [414, 'URI Too Long', URI_TOO_LONG]
        : [400, 'Bad Request', BAD_ADDRESS];
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

/**
 * One entry point routing like Supabase's Kong: /rest/v1, /auth/v1, /storage/v1. It listens on
 * :54321 itself, or on an internal port behind nginx (edge.ts), which then sets X-Real-IP.
 */
export function startGateway(
  config: StackConfig,
  routes: GatewayRoutes,
  listen: { port: number; behindEdge: boolean } = { port: config.apiPort, behindEdge: false },
): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', config.apiUrl);
    // The client's address, as the auth rate limits count it: only the edge may state it.
    if (!listen.behindEdge || !req.headers['x-real-ip']) req.headers['x-real-ip'] = req.socket.remoteAddress;
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS,
        'access-control-max-age': '3600',
      });
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    const route = async () => {
      const [, service, version, ...rest] = url.pathname.split('/');
      const path = '/' + rest.join('/');
      if (!isValidTarget(req.url ?? '/')) throw new HttpError(400, BAD_ADDRESS);
      const limit = bodyLimit(service);
      checkDeclaredSize(req, limit);
      if (version !== 'v1') throw new HttpError(404, { message: 'no Route matched with those values' });
      if (service === 'rest') {
        checkApiKey(config, req, url);
        checkSafeUpdate(req, path, url);
        await proxyToPostgrest(config, req, res, path, url, cors, limit);
      } else if (service === 'auth') {
        if (!OPEN_AUTH_PATHS.has(path)) checkApiKey(config, req, url);
        await routes.auth(req, res, path, url);
      } else if (service === 'storage') {
        await routes.storage(req, res, path, url);
      } else {
        throw new HttpError(404, { message: 'no Route matched with those values' });
      }
    };
    route().catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof HttpError) {
        sendJson(res, error.status, error.body);
      } else {
        console.error('[gateway]', error);
        sendJson(res, 500, { message: 'Internal error in the local stack' });
      }
    });
  });
  // Realtime's websocket (/realtime/v1/websocket); nginx forwards the upgrade here too.
  server.on('upgrade', (req, socket, head) => {
    if (!routes.realtime || !(req.url ?? '').startsWith('/realtime/v1/')) return socket.destroy();
    routes.realtime.upgrade(req, socket, head);
  });
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.behindEdge ? '127.0.0.1' : config.host, () => resolve(server));
  });
}
