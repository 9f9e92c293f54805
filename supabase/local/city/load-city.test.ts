import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { loadCity } from './load-city.ts';

const FIRENZE = new URL('../../../../shared/city-packs/firenze', import.meta.url).pathname;

function ringsOf(geometry: { type: string; coordinates: unknown }): Position[][] {
  return geometry.type === 'Polygon'
    ? (geometry.coordinates as Position[][])
    : (geometry.coordinates as Position[][][]).flat();
}

/** Twice the signed area (positive = counter-clockwise). */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let k = 0; k < ring.length - 1; k += 1) sum += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return sum;
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position): number =>
    Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

describe('loadCity without a pack (Demoville)', () => {
  const city = loadCity(undefined);

  it('is deterministic', () => {
    expect(JSON.stringify(loadCity(undefined))).toBe(JSON.stringify(city));
  });

  it('has six named districts with populations and no basemap', () => {
    expect(city.info.name).toBe('Demoville');
    expect(city.basemap).toBeUndefined();
    expect(city.districts.features).toHaveLength(6);
    for (const f of city.districts.features) {
      expect(f.properties.population).toBeGreaterThan(0);
      expect(f.properties.slug).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('has simple counter-clockwise closed rings', () => {
    for (const f of city.districts.features) {
      for (const ring of ringsOf(f.geometry)) {
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        expect(signedArea(ring)).toBeGreaterThan(0);
        for (let i = 0; i < ring.length - 1; i += 1) {
          for (let j = i + 2; j < ring.length - 1; j += 1) {
            expect(segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)).toBe(false);
          }
        }
      }
    }
  });

  it('lets neighbours share their borders vertex for vertex', () => {
    const [first, second] = city.districts.features;
    const a = new Set(ringsOf(first!.geometry)[0]!.map((p) => p.join(',')));
    const shared = ringsOf(second!.geometry)[0]!.filter((p) => a.has(p.join(',')));
    expect(shared.length).toBeGreaterThanOrEqual(8);
  });
});

describe.skipIf(!existsSync(FIRENZE))('loadCity with the Firenze pack', () => {
  const city = loadCity(FIRENZE);

  it('derives the city info', () => {
    expect(city.info.name).toBe('Firenze');
    expect(city.info.locale).toBe('it');
    expect(city.info.zoom).toBe(12);
    expect(city.info.attribution).toEqual([
      'Protomaps © OpenStreetMap contributors',
      'Quartieri: Inside Airbnb (insideairbnb.com)',
      'Popolazione: Comune di Firenze (dati.toscana.it), CC BY',
    ]);
    const [w, s, e, n] = city.info.bounds;
    expect(w).toBeLessThan(city.info.center[0]);
    expect(e).toBeGreaterThan(city.info.center[0]);
    expect(s).toBeLessThan(city.info.center[1]);
    expect(n).toBeGreaterThan(city.info.center[1]);
  });

  it('keeps the districts in file order', () => {
    expect(city.districts.features.map((f) => f.properties)).toEqual([
      { name: 'Centro Storico', slug: 'centro-storico', population: 64009 },
      { name: 'Campo di Marte', slug: 'campo-di-marte', population: 90949 },
      { name: 'Gavinana Galluzzo', slug: 'gavinana-galluzzo', population: 40778 },
      { name: 'Isolotto Legnaia', slug: 'isolotto-legnaia', population: 68146 },
      { name: 'Rifredi', slug: 'rifredi', population: 107908 },
    ]);
  });

  it('finds the basemap', () => {
    expect(city.basemap?.pmtiles).toMatch(/basemap\.pmtiles$/);
    expect(city.basemap?.styleLight).toMatch(/firenze-light\.json$/);
    expect(city.basemap?.styleDark).toMatch(/firenze-dark\.json$/);
    expect(city.basemap?.glyphsDir).toMatch(/glyphs$/);
  });
});
