import { createReadStream, existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, posix, resolve, sep } from 'node:path';
import type { StackConfig } from '../supabase/local/config.ts';
import { loadCity, type CityPack } from '../supabase/local/city/load-city.ts';
import type { AppConfig } from '../src/lib/config.ts';

/**
 * The app server: the built SPA, its runtime configuration and the city pack's offline basemap.
 *
 *   /config.json              { apiUrl, anonKey, city, hasBasemap }
 *   /city/style.json          the pack's light style, source and glyph URLs rewritten to this server
 *   /city/basemap.pmtiles     the PMTiles archive, with HTTP Range requests (206 / 416)
 *   /city/glyphs/{fontstack}/{range}.pbf
 *   anything else             a file of distDir, or index.html for app routes
 */
export interface AppServerOptions {
  host: string;
  port: number;
  /** The built app (vite build's outDir); undefined serves only /config.json and /city/. */
  distDir: string | undefined;
  config: StackConfig;
  /** Defaults to loadCity(config.cityPack). */
  city?: CityPack;
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

const GLYPH_RANGE = /^\d{1,5}-\d{1,5}\.pbf$/;
const FONT_NAME = /^[\w .-]{1,100}$/;

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

function sendJson(req: IncomingMessage, res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': NO_CACHE,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Sends a file with validators, conditional GET and, when `ranges`, byte ranges. */
function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  cacheControl: string,
  ranges: boolean,
): void {
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
  };
  if (ranges) headers['accept-ranges'] = 'bytes';

  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }

  let range: ByteRange | 'unsatisfiable' | undefined;
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'];
  if (ranges && rangeHeader && (ifRange === undefined || ifRange === etag)) {
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

/** `Noto Sans Medium,Noto Sans Regular` + `0-255.pbf` → the first font of the stack the pack has. */
function glyphFile(glyphsDir: string, fontstack: string, range: string): string | undefined {
  if (!GLYPH_RANGE.test(range)) return undefined;
  for (const font of fontstack.split(',').map((f) => f.trim())) {
    if (!FONT_NAME.test(font) || font.startsWith('.')) continue;
    const file = join(glyphsDir, font, range);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** `<a href="…">Protomaps</a> © …` → `Protomaps © …`, to compare a source's credit with the pack's lines. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&copy;/g, '©')
    .replace(/\s+/g, ' ')
    .trim();
}

type StyleJson = {
  glyphs?: string;
  sources?: Record<string, { type?: string; url?: string; attribution?: string }>;
  [key: string]: unknown;
};

/**
 * The pack's style with its `pmtiles:///…` source and its `/glyphs/…` URL pointing at this server.
 * A source credit that repeats one of the pack's attribution lines is dropped: the map shows those.
 */
export function rewriteStyle(style: StyleJson, origin: string, attribution: readonly string[]): StyleJson {
  const sources: NonNullable<StyleJson['sources']> = {};
  for (const [id, source] of Object.entries(style.sources ?? {})) {
    const next = { ...source };
    if (typeof next.url === 'string' && next.url.startsWith('pmtiles://')) {
      next.url = `pmtiles://${origin}/city/basemap.pmtiles`;
    }
    if (typeof next.attribution === 'string' && attribution.includes(plainText(next.attribution))) {
      delete next.attribution;
    }
    sources[id] = next;
  }
  return {
    ...style,
    sources,
    ...(style.glyphs !== undefined ? { glyphs: `${origin}/city/glyphs/{fontstack}/{range}.pbf` } : {}),
  };
}

/** The origin the browser used to reach us, so that rewritten URLs work from localhost and 127.0.0.1 alike. */
function originOf(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  if (!host || !/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host)) return fallback;
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** The request handler alone, for startAppServer and for Vite's dev server (vite.config.ts). */
export function createAppHandler(
  options: Omit<AppServerOptions, 'host' | 'port'> & {
    /** This server's own origin, used when the request's Host header is missing or odd. */
    origin: () => string;
  },
): Handler {
  const city = options.city ?? loadCity(options.config.cityPack);
  const basemap = city.basemap;
  const style = basemap ? (JSON.parse(readFileSync(basemap.styleLight, 'utf8')) as StyleJson) : undefined;
  const appConfig: AppConfig = {
    apiUrl: options.config.apiUrl,
    anonKey: options.config.anonKey,
    city: city.info,
    hasBasemap: basemap !== undefined,
  };
  const distDir = options.distDir === undefined ? undefined : resolve(options.distDir);
  const indexHtml = distDir && join(distDir, 'index.html');

  return (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;

    if (path === '/config.json') {
      sendJson(req, res, appConfig);
      return;
    }
    if (path.startsWith('/city/')) {
      if (!basemap || !style) {
        send(res, 404, 'This city pack has no basemap');
        return;
      }
      if (path === '/city/style.json') {
        sendJson(req, res, rewriteStyle(style, originOf(req, options.origin()), city.info.attribution));
        return;
      }
      if (path === '/city/basemap.pmtiles') {
        sendFile(req, res, basemap.pmtiles, PACK_CACHE, true);
        return;
      }
      const glyph = /^\/city\/glyphs\/([^/]+)\/([^/]+)$/.exec(path);
      if (glyph) {
        let fontstack: string;
        let range: string;
        try {
          fontstack = decodeURIComponent(glyph[1]!);
          range = decodeURIComponent(glyph[2]!);
        } catch {
          send(res, 400, 'Bad request');
          return;
        }
        const file = glyphFile(basemap.glyphsDir, fontstack, range);
        if (file) sendFile(req, res, file, PACK_CACHE, false);
        else send(res, 404, 'Not found');
        return;
      }
      send(res, 404, 'Not found');
      return;
    }

    if (!distDir || !indexHtml) {
      send(res, 404, 'Not found');
      return;
    }
    const file = resolveInside(distDir, path);
    if (file === undefined) {
      send(res, 400, 'Bad request');
      return;
    }
    if (existsSync(file) && statSync(file).isFile()) {
      const cache = path.startsWith('/assets/') ? IMMUTABLE : file === indexHtml ? NO_CACHE : PUBLIC_CACHE;
      sendFile(req, res, file, cache, true);
      return;
    }
    // A missing file stays a 404; any other path is an app route, answered by the SPA.
    if (extname(path) !== '') {
      send(res, 404, 'Not found');
      return;
    }
    sendFile(req, res, indexHtml, NO_CACHE, false);
  };
}

export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  let origin = `http://${options.host}:${options.port}`;
  const handler = createAppHandler({ ...options, origin: () => origin });
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
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
