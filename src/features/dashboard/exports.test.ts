import { describe, expect, it } from 'vitest';
import { aggregateByDistrict, type DistrictLayer } from '../../lib/geo/districts/index.ts';
import { makeExport } from './exports.ts';
import { importPayload } from './read-layer.ts';

const square = (name: string, x: number, slug?: string) => ({
  type: 'Feature' as const,
  properties: { name, ...(slug ? { slug } : {}), population: 1234.4 },
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, 0],
        [x + 1, 0],
        [x + 1, 1],
        [x, 1],
        [x, 0],
      ],
    ],
  },
});
const layer: DistrictLayer = {
  type: 'FeatureCollection',
  features: [square('Città Alta', 0), square('Città Alta', 1)],
};

describe('dashboard files', () => {
  it('names each export after the city, the content, the layer and the day', () => {
    const result = aggregateByDistrict([{ id: 1, lng: 0.5, lat: 0.5, title: '=1+1', status: 'new' }], null, layer, {
      statuses: ['new'],
    });
    const input = {
      result,
      layer,
      layerName: 'Écoles primaires.geojson',
      city: 'Firenze',
      source: 'Firenze',
      language: 'fr' as const,
      now: new Date('2026-11-23T10:00:00Z'),
    };
    const csv = makeExport('proposals-csv', input);
    expect(csv.name).toBe('firenze_proposals_ecoles-primaires_2026-11-23.csv');
    expect(csv.text.startsWith('\uFEFF# Généré le: 2026-11-23T10:00:00.000Z')).toBe(true);
    expect(csv.text).toContain("'=1+1");
    const geo = makeExport('summary-geojson', input);
    expect(geo.name).toBe('firenze_summary-by-district_ecoles-primaires_2026-11-23.geojson');
    expect(JSON.parse(geo.text).metadata).toMatchObject({
      filters: { statuses: ['new'] },
      layer: 'Écoles primaires.geojson',
    });
  });

  it('gives the official import slugs like the city pack loader, unique, and whole populations', () => {
    const payload = importPayload({ ...layer, features: [...layer.features, square('Other', 2, 'Q 5')] });
    expect(payload.features.map((f) => f.properties)).toEqual([
      { name: 'Città Alta', slug: 'citta-alta', population: 1234 },
      { name: 'Città Alta', slug: 'citta-alta-2', population: 1234 },
      { name: 'Other', slug: 'q-5', population: 1234 },
    ]);
  });
});
