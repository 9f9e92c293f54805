import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, posix, resolve, sep } from 'node:path';

/**
 * A static server for the built site (`npm run build`'s `dist/`), as any static host would serve
 * it: files with validators and byte ranges (the basemap is read with HTTP range requests), and
 * index.html for app routes. Everything the app needs at run time (config.json, the city's
 * basemap, style and glyphs) is already a file in the site; nothing is computed here.
 */
export interface AppServerOptions {
  host: string;
  port: number;
  /** The built site. */
  distDir: string;
}

export interface RunningAppServer {
  /** http://host:port, with the port actually bound (useful with port 0). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/vnd.pmtiles',
};

const NO_CACHE = 'no-cache';
/** Vite's hashed build output never changes under the same name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** City pack files: stable, but not content-named; revalidated through their ETag after a day. */
const PACK_CACHE = 'public, max-age=86400';
const PUBLIC_CACHE = 'public, max-age=3600';

function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** A strong validator: pmtiles refuses weak ETags and checks that every range comes from one file version. */
function etagOf(stats: Stats): string {
  return `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

export type ByteRange = { start: number; end: number };

/**
 * One `Range: bytes=…` header against a file of `size` bytes (RFC 9110 §14): a range to send,
 * 'unsatisfiable' (416), or undefined when the header is to be ignored (malformed, or several
 * ranges, which the whole file answers).
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** Sends a file with validators, conditional GET and byte ranges. */
function sendFile(req: IncomingMessage, res: ServerResponse, path: string, cacheControl: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    send(res, 404, 'Not found');
    return;
  }
  if (!stats.isFile()) {
    send(res, 404, 'Not found');
    return;
  }
  const etag = etagOf(stats);
  const headers: Record<string, string> = {
    'content-type': contentType(path),
    'cache-control': cacheControl,
    etag,
    'last-modified': stats.mtime.toUTCString(),
    'accept-ranges': 'bytes',
  };

  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }

  let range: ByteRange | 'unsatisfiable' | undefined;
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'];
  if (rangeHeader && (ifRange === undefined || ifRange === etag)) {
    range = parseRange(rangeHeader, stats.size);
  }
  if (range === 'unsatisfiable') {
    send(res, 416, 'Range not satisfiable', { 'content-range': `bytes */${stats.size}`, 'accept-ranges': 'bytes' });
    return;
  }
  const { start, end } = range ?? { start: 0, end: stats.size - 1 };
  const length = Math.max(0, end - start + 1);
  if (range) headers['content-range'] = `bytes ${start}-${end}/${stats.size}`;
  headers['content-length'] = String(length);
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(path, { start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * The file under `root` that a URL path names, or undefined if the path is malformed or leaves
 * `root` (`..`, encoded slashes and NUL included).
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${posix.normalize(`/${decoded}`)}`);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

/** The request handler alone, for startAppServer and for Vite's dev server (vite.config.ts). */
export function createAppHandler(distDir: string): Handler {
  const root = resolve(distDir);
  const indexHtml = join(root, 'index.html');

  return (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const file = resolveInside(root, path);
    if (file === undefined) {
      send(res, 400, 'Bad request');
      return;
    }
    if (existsSync(file) && statSync(file).isFile()) {
      sendFile(req, res, file, cacheControlOf(path, file === indexHtml));
      return;
    }
    // A missing file stays a 404; any other path is an app route, answered by the SPA.
    if (extname(path) !== '' || path.startsWith('/city/') || !existsSync(indexHtml)) {
      send(res, 404, 'Not found');
      return;
    }
    sendFile(req, res, indexHtml, NO_CACHE);
  };
}

function cacheControlOf(path: string, isIndex: boolean): string {
  if (path.startsWith('/assets/')) return IMMUTABLE;
  if (path.startsWith('/city/')) return PACK_CACHE;
  return isIndex || path === '/config.json' ? NO_CACHE : PUBLIC_CACHE;
}

export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const handler = createAppHandler(options.distDir);
  const server = createServer((req, res) => {
    try {
      handler(req, res);
    } catch (error) {
      console.error('app server:', error);
      if (!res.headersSent) send(res, 500, 'Internal server error');
      else res.destroy();
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
