import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { CityInfo, CityPack, DistrictGeometry, DistrictProps } from './city-pack.ts';
import { syntheticCity } from './synthetic-city.ts';

export type { CityInfo, CityPack, DistrictGeometry, DistrictProps } from './city-pack.ts';

/**
 * Reads a city pack folder (`city.json` optional, `districts.geojson` required, basemap optional),
 * or returns the synthetic demo city when `cityPackDir` is undefined.
 */
export function loadCity(cityPackDir: string | undefined): CityPack {
  if (cityPackDir === undefined) return syntheticCity();
  const dir = resolve(cityPackDir);
  const districtsFile = join(dir, 'districts.geojson');
  if (!existsSync(districtsFile)) throw new Error(`city pack ${dir}: districts.geojson is missing`);
  const districts = normaliseDistricts(readJson(districtsFile), districtsFile);
  const declared = readCityJson(dir);
  const bounds = declared.bounds ?? boundsOf(districts);
  const info: CityInfo = {
    name: declared.name ?? nameFromReadme(dir) ?? titleCase(basename(dir)),
    bounds,
    center: declared.center ?? [round6((bounds[0] + bounds[2]) / 2), round6((bounds[1] + bounds[3]) / 2)],
    zoom: declared.zoom ?? 12,
    locale: declared.locale ?? 'it',
    attribution: declared.attribution ?? attributionLines(dir),
  };
  return { dir, info, districts, basemap: findBasemap(dir) };
}

function readCityJson(dir: string): Partial<CityInfo> {
  const file = join(dir, 'city.json');
  if (!existsSync(file)) return {};
  const raw = readJson(file);
  if (typeof raw !== 'object' || raw === null) throw new Error(`${file}: not a JSON object`);
  const out: Partial<CityInfo> = {};
  if (typeof raw.name === 'string') out.name = raw.name;
  if (isNumberTuple(raw.center, 2)) out.center = [raw.center[0], raw.center[1]] as [number, number];
  if (isNumberTuple(raw.bounds, 4)) {
    out.bounds = [raw.bounds[0], raw.bounds[1], raw.bounds[2], raw.bounds[3]] as [number, number, number, number];
  }
  const zoom = raw.zoom ?? raw.defaultZoom ?? raw.default_zoom;
  if (typeof zoom === 'number') out.zoom = zoom;
  if (typeof raw.locale === 'string') out.locale = raw.locale;
  if (Array.isArray(raw.attribution))
    out.attribution = raw.attribution.filter((a): a is string => typeof a === 'string');
  else if (typeof raw.attribution === 'string') out.attribution = [raw.attribution];
  return out;
}

/** A pack file's JSON, or an error that names the file. */
export function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
}

function isNumberTuple(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number');
}

/** "# City pack: Firenze (Florence, Italy)" → "Firenze". */
function nameFromReadme(dir: string): string | undefined {
  const file = join(dir, 'README.md');
  if (!existsSync(file)) return undefined;
  const title = /^#\s+(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  if (!title) return undefined;
  const name = title
    .replace(/^city pack\s*:\s*/i, '')
    .replace(/\s*\(.*\)\s*$/, '')
    .trim();
  return name || undefined;
}

function titleCase(word: string): string {
  return word
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** Every "Credit to show …: `line`" of ATTRIBUTION.md, in order. */
function attributionLines(dir: string): string[] {
  const file = join(dir, 'ATTRIBUTION.md');
  if (!existsSync(file)) return [];
  const lines: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/credit to show[^`\n]*`([^`]+)`/gi)) {
    const line = match[1]!.trim();
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

function findBasemap(dir: string): CityPack['basemap'] {
  const pmtiles = ['basemap.pmtiles', join('basemap', 'basemap.pmtiles')]
    .map((p) => join(dir, p))
    .find((p) => existsSync(p));
  if (!pmtiles) return undefined;
  const styleDir = join(dir, 'style');
  const styles = existsSync(styleDir)
    ? readdirSync(styleDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(styleDir, f))
    : [];
  if (existsSync(join(dir, 'style.json'))) styles.unshift(join(dir, 'style.json'));
  const styleDark = styles.find((s) => /dark/i.test(basename(s)));
  const styleLight = styles.find((s) => /light/i.test(basename(s))) ?? styles.find((s) => s !== styleDark);
  if (!styleLight) return undefined;
  return { pmtiles, styleLight, styleDark, glyphsDir: join(dir, 'glyphs') };
}

/** ASCII, lowercase, dash-separated: "Gavinana Galluzzo" → "gavinana-galluzzo". */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'district'
  );
}

function normaliseDistricts(raw: unknown, file: string): FeatureCollection<DistrictGeometry, DistrictProps> {
  const collection = raw as Partial<FeatureCollection>;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error(`${file}: not a GeoJSON FeatureCollection`);
  }
  const slugs = new Set<string>();
  const features: Feature<DistrictGeometry, DistrictProps>[] = collection.features.map((feature, index) => {
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      throw new Error(`${file}: feature ${index} is not a Polygon or MultiPolygon`);
    }
    const props = (feature.properties ?? {}) as Record<string, unknown>;
    const nameValue = props.name ?? props.nome ?? props.NAME ?? props.Name;
    const name = typeof nameValue === 'string' && nameValue.trim() ? nameValue.trim() : `District ${index + 1}`;
    let slug = typeof props.slug === 'string' && props.slug ? slugify(props.slug) : slugify(name);
    for (let n = 2; slugs.has(slug); n += 1) slug = `${slugify(name)}-${n}`;
    slugs.add(slug);
    const population =
      typeof props.population === 'number' && Number.isFinite(props.population) ? Math.round(props.population) : null;
    return { type: 'Feature', properties: { name, slug, population }, geometry };
  });
  if (features.length === 0) throw new Error(`${file}: no districts`);
  return { type: 'FeatureCollection', features };
}

function positionsOf(geometry: DistrictGeometry): Position[] {
  return geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
}

/** [west, south, east, north] of every district. */
export function boundsOf(
  districts: FeatureCollection<DistrictGeometry, DistrictProps>,
): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const feature of districts.features) {
    for (const [lng, lat] of positionsOf(feature.geometry)) {
      west = Math.min(west, lng!);
      east = Math.max(east, lng!);
      south = Math.min(south, lat!);
      north = Math.max(north, lat!);
    }
  }
  return [west, south, east, north];
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
