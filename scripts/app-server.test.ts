import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../supabase/local/city/load-city.ts';
import { LOCAL_ANON_KEY } from '../supabase/local/config.ts';
import { parseRange, resolveInside, startAppServer, type RunningAppServer } from './app-server.ts';
import { writeSiteFiles } from './build/site-files.ts';

const FIRENZE = new URL('../../shared/city-packs/firenze', import.meta.url).pathname;
const PMTILES_SIZE = statSync(join(FIRENZE, 'basemap.pmtiles')).size;

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=900-', 1000, { start: 900, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=990-5000', 1000, { start: 990, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=5000-6000', 1000, 'unsatisfiable'],
    ['bytes=-0', 1000, 'unsatisfiable'],
    ['bytes=10-5', 1000, undefined],
    ['bytes=0-1,5-6', 1000, undefined],
    ['items=0-1', 1000, undefined],
    ['bytes=-', 1000, undefined],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root', () => {
    expect(resolveInside('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    expect(resolveInside('/srv/app', '/../../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveInside('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
  });
  it('refuses NUL, backslashes and malformed escapes', () => {
    expect(resolveInside('/srv/app', '/a%00.js')).toBeUndefined();
    expect(resolveInside('/srv/app', '/..%5C..%5Cetc')).toBeUndefined();
    expect(resolveInside('/srv/app', '/%E0%A4%A')).toBeUndefined();
  });
});

describe('the app server over a site built with the Florence city pack', () => {
  let server: RunningAppServer;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeSiteFiles({
      outDir: dist,
      apiUrl: 'http://127.0.0.1:54999',
      anonKey: LOCAL_ANON_KEY,
      city: loadCity(FIRENZE),
    });
    server = await startAppServer({ host: '127.0.0.1', port: 0, distDir: dist });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (path: string, init?: RequestInit) => fetch(server.url + path, init);

  /** A request sent exactly as written: no URL normalisation, any Host header. */
  function raw(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const { hostname, port } = new URL(server.url);
      const req = request({ hostname, port, path, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers /config.json with the API and the city', async () => {
    const response = await get('/config.json');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const config = (await response.json()) as Record<string, unknown>;
    expect(config).toMatchObject({ apiUrl: 'http://127.0.0.1:54999', hasBasemap: true, city: { name: 'Firenze' } });
    expect(typeof config.anonKey).toBe('string');
  });

  it('serves the style with URLs relative to the site', async () => {
    const response = await get('/city/style.json');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const style = (await response.json()) as {
      glyphs: string;
      sources: Record<string, { url: string; attribution?: string }>;
    };
    expect(style.glyphs).toBe('/city/glyphs/{fontstack}/{range}.pbf');
    expect(style.sources.protomaps?.url).toBe('pmtiles:///city/basemap.pmtiles');
    // The same credit is among the pack's attribution lines, which the map shows.
    expect(style.sources.protomaps?.attribution).toBeUndefined();
  });

  it('serves byte ranges of the basemap', async () => {
    const response = await get('/city/basemap.pmtiles', { headers: { range: 'bytes=0-16383' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-range')).toBe(`bytes 0-16383/${PMTILES_SIZE}`);
    expect(response.headers.get('content-length')).toBe('16384');
    expect(response.headers.get('etag')).toMatch(/^"[^W]/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBe(16384);
    expect(new TextDecoder().decode(bytes.slice(0, 7))).toBe('PMTiles');
  });

  it('answers 416 with the size when the range is past the end', async () => {
    const response = await get('/city/basemap.pmtiles', { headers: { range: `bytes=${PMTILES_SIZE}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${PMTILES_SIZE}`);
  });

  it('sends the whole file for no range, and honours If-Range', async () => {
    const whole = await get('/city/basemap.pmtiles', { method: 'HEAD' });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(PMTILES_SIZE));
    const stale = await get('/city/basemap.pmtiles', {
      method: 'HEAD',
      headers: { range: 'bytes=0-9', 'if-range': '"other"' },
    });
    expect(stale.status).toBe(200);
    const etag = whole.headers.get('etag')!;
    expect((await get('/city/basemap.pmtiles', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('serves the glyphs of each font stack of the style', async () => {
    const response = await get('/city/glyphs/Noto%20Sans%20Medium/0-255.pbf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect(response.headers.get('cache-control')).toMatch(/max-age=/);
    expect((await get('/city/glyphs/Noto%20Sans%20Regular/256-511.pbf')).status).toBe(200);
    // The pack's third font is not in the style: not copied.
    expect((await get('/city/glyphs/Noto%20Sans%20Italic/0-255.pbf')).status).toBe(404);
  });

  it('does not let a path leave the site', async () => {
    for (const path of [
      '/city/glyphs/../../../../etc/passwd',
      '/city/..%2F..%2F..%2F..%2Fetc/passwd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/city/glyphs/Noto%20Sans%20Medium/0-255.pbf%00',
      '/city/glyphs/Noto%20Sans%20Medium/..%5C..%5Cstyle.json',
      '/city/glyphs/Noto%20Sans%20Medium/',
      '/city/missing',
    ]) {
      const response = await raw(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.type, path).not.toBe('application/x-protobuf');
      expect(response.body, path).not.toContain('root:');
    }
  });

  it('serves the SPA: hashed assets immutable, routes answered by index.html, missing files 404', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const route = await get('/proposals/42');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect((await get('/config.json', { method: 'POST' })).status).toBe(405);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('a site built without a city pack', () => {
  it('describes the synthetic city and has no basemap', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeSiteFiles({
      outDir: dist,
      apiUrl: 'http://127.0.0.1:54999',
      anonKey: LOCAL_ANON_KEY,
      city: loadCity(undefined),
    });
    const server = await startAppServer({ host: '127.0.0.1', port: 0, distDir: dist });
    try {
      const config = (await (await fetch(`${server.url}/config.json`)).json()) as Record<string, unknown>;
      expect(config).toMatchObject({ hasBasemap: false, city: { name: 'Demoville' } });
      expect((await fetch(`${server.url}/city/style.json`)).status).toBe(404);
      expect((await fetch(`${server.url}/city/basemap.pmtiles`)).status).toBe(404);
    } finally {
      await server.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
