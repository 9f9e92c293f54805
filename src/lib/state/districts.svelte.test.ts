import { describe, expect, it } from 'vitest';
import { ApiError, type District, type DistrictsApi } from '../api/index.ts';
import { DistrictsState } from './districts.svelte.ts';

const square = (x: number): District['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 0],
      [x + 1, 0],
      [x + 1, 1],
      [x, 1],
      [x, 0],
    ],
  ],
});

const districts: District[] = [
  { id: '1', slug: 'nord', name: 'Nord', population: 1200, geometry: square(0) },
  { id: '2', slug: 'sud', name: 'Sud', population: null, geometry: square(1) },
];

function api(result: District[] | ApiError): DistrictsApi {
  return {
    list: async () => {
      if (result instanceof ApiError) throw result;
      return result;
    },
  };
}

describe('DistrictsState', () => {
  it('loads districts and derives the shapes and label points the map draws', async () => {
    const state = new DistrictsState(api(districts));
    expect(state.status).toBe('idle');
    const loading = state.load();
    expect(state.status).toBe('loading');
    await loading;
    expect(state.status).toBe('ready');
    expect(state.items.map((d) => d.name)).toEqual(['Nord', 'Sud']);
    expect(state.shapes.features).toHaveLength(2);
    expect(state.shapes.features[1]?.properties.name).toBe('Sud');
    const [x, y] = state.labels.features[0]!.geometry.coordinates as [number, number];
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(1);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(1);
  });

  it('keeps the error code when loading fails, and recovers on retry', async () => {
    const failing = new DistrictsState(api(new ApiError('network', 'fetch failed')));
    await failing.load();
    expect(failing.status).toBe('error');
    expect(failing.error).toBe('network');
    expect(failing.items).toEqual([]);
  });
});
