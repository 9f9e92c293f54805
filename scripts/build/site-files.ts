import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CityPack } from '../../supabase/local/city/load-city.ts';
import type { AppConfig } from '../../src/lib/config.ts';

/**
 * What makes `dist/` a site that any static server can host: `config.json` (the API and the city)
 * and the city pack's basemap under `city/`, with URLs relative to the site's root:
 *
 *   city/style.json                         pmtiles:///city/basemap.pmtiles, /city/glyphs/{fontstack}/{range}.pbf
 *   city/basemap.pmtiles                    read by the browser with HTTP range requests
 *   city/glyphs/<font,font,…>/<range>.pbf   one folder per font stack the style asks for
 *
 * A static server cannot choose among the fonts of a stack as a tile server does, so the build
 * writes each stack's folder from the first of its fonts the pack has.
 */
export interface SiteFilesOptions {
  outDir: string;
  apiUrl: string;
  anonKey: string;
  city: CityPack;
}

type StyleSource = { type?: string; url?: string; attribution?: string };
export type StyleJson = {
  glyphs?: string;
  sources?: Record<string, StyleSource>;
  layers?: { layout?: Record<string, unknown> }[];
  [key: string]: unknown;
};

export const STYLE_FILE = 'city/style.json';
const PMTILES_URL = 'pmtiles:///city/basemap.pmtiles';
const GLYPHS_URL = '/city/glyphs/{fontstack}/{range}.pbf';

export function appConfigOf(options: Omit<SiteFilesOptions, 'outDir'>): AppConfig {
  return {
    apiUrl: options.apiUrl,
    anonKey: options.anonKey,
    city: options.city.info,
    hasBasemap: options.city.basemap !== undefined,
  };
}

/** `<a href="…">Protomaps</a> © …` → `Protomaps © …`, to compare a source's credit with the pack's lines. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&copy;/g, '©')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The pack's style pointing at the site's own files. A source credit that repeats one of the
 * pack's attribution lines is dropped: the map shows those already.
 */
export function siteStyle(style: StyleJson, attribution: readonly string[]): StyleJson {
  const sources: Record<string, StyleSource> = {};
  for (const [id, source] of Object.entries(style.sources ?? {})) {
    const next = { ...source };
    if (typeof next.url === 'string' && next.url.startsWith('pmtiles://')) next.url = PMTILES_URL;
    if (typeof next.attribution === 'string' && attribution.includes(plainText(next.attribution))) {
      delete next.attribution;
    }
    sources[id] = next;
  }
  return { ...style, sources, ...(style.glyphs !== undefined ? { glyphs: GLYPHS_URL } : {}) };
}

/** Every font stack of the style's `text-font` values (plain arrays, or arrays inside expressions). */
export function fontStacksOf(style: StyleJson): string[][] {
  const stacks = new Map<string, string[]>();
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    // Font names have capitals or spaces ("Noto Sans Regular"); expression operators do not ("step", "get").
    if (value.length > 0 && value.every((v) => typeof v === 'string' && /[A-Z ]/.test(v))) {
      stacks.set(value.join(','), value as string[]);
    } else {
      value.forEach(visit);
    }
  };
  for (const layer of style.layers ?? []) visit(layer.layout?.['text-font']);
  return [...stacks.values()];
}

function writeGlyphs(glyphsDir: string, stacks: string[][], outDir: string): void {
  for (const stack of stacks) {
    const font = stack.find(
      (name) => !name.includes('/') && !name.startsWith('.') && existsSync(join(glyphsDir, name)),
    );
    if (!font) throw new Error(`the city pack has no glyphs for the font stack "${stack.join(',')}"`);
    const target = join(outDir, stack.join(','));
    mkdirSync(target, { recursive: true });
    for (const file of readdirSync(join(glyphsDir, font)).filter((f) => /^\d+-\d+\.pbf$/.test(f))) {
      copyFileSync(join(glyphsDir, font, file), join(target, file));
    }
  }
}

/** Writes config.json and city/ into `outDir` (city/ is replaced as a whole). */
export function writeSiteFiles(options: SiteFilesOptions): void {
  const { outDir, city } = options;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(appConfigOf(options), null, 2)}\n`);
  const cityDir = join(outDir, 'city');
  rmSync(cityDir, { recursive: true, force: true });
  const basemap = city.basemap;
  if (!basemap) return;
  mkdirSync(cityDir, { recursive: true });
  const style = JSON.parse(readFileSync(basemap.styleLight, 'utf8')) as StyleJson;
  writeFileSync(join(outDir, STYLE_FILE), JSON.stringify(siteStyle(style, city.info.attribution)));
  copyFileSync(basemap.pmtiles, join(cityDir, 'basemap.pmtiles'));
  if (style.glyphs !== undefined) writeGlyphs(basemap.glyphsDir, fontStacksOf(style), join(cityDir, 'glyphs'));
}
