import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDistrictLayer } from './validate-district-layer.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');

describe('validateDistrictLayer fixtures (in/ → out/)', () => {
  for (const file of readdirSync(join(FIXTURES, 'in'))) {
    const name = file.replace(/\.geojson$/, '');
    it(name, () => {
      const text = readFileSync(join(FIXTURES, 'in', file), 'utf8');
      const expected = JSON.parse(readFileSync(join(FIXTURES, 'out', `${name}.json`), 'utf8')) as unknown;
      const result = validateDistrictLayer(text);
      expect({
        ok: result.ok,
        errors: [...new Set(result.errors.map((e) => e.code))],
        warnings: [...new Set(result.warnings.map((w) => w.code))],
      }).toEqual(expected);
      for (const issue of [...result.errors, ...result.warnings]) {
        expect(issue.key).toBe(`layer.${issue.code}`);
        expect(issue.en.length).toBeGreaterThan(10);
        expect(issue.fr.length).toBeGreaterThan(10);
      }
    });
  }

  it('refuses a file over the size limit before parsing it', () => {
    const result = validateDistrictLayer('{"type":"FeatureCollection","features":[]}', { maxBytes: 10 });
    expect(result.errors.map((e) => e.code)).toEqual(['layer_too_large']);
  });

  it('refuses too many vertices', () => {
    const text = readFileSync(join(FIXTURES, 'in', 'valid-two-districts.geojson'), 'utf8');
    expect(validateDistrictLayer(text, { maxVertices: 9 }).errors.map((e) => e.code)).toEqual(['too_many_vertices']);
  });

  it('accepts the Florence districts without overlap or gap', { timeout: 30_000 }, () => {
    const text = readFileSync(
      join(import.meta.dirname, '../../../../../shared/city-packs/firenze/districts.geojson'),
      'utf8',
    );
    const result = validateDistrictLayer(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => (w.areaKm2 ?? 0) > 0.05)).toEqual([]);
  });
});
