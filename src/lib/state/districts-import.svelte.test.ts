import { describe, expect, it } from 'vitest';
import { ApiError, type DashboardApi, type District, type DistrictsImport } from '../api/index.ts';
import type { DistrictLayer } from '../geo/districts/index.ts';
import { DistrictsImportState } from './districts-import.svelte.ts';
import { DistrictsState } from './districts.svelte.ts';

const layer: DistrictLayer = { type: 'FeatureCollection', features: [] };
const answer = { inserted: 2, updated: 0, removed: 1 } as DistrictsImport;

/** A fake dashboard service answering the import with `result`, and a districts service counting reads. */
function setup(result: DistrictsImport | ApiError) {
  const sent: unknown[] = [];
  let reads = 0;
  const api = {
    importDistricts: async (collection: unknown) => {
      sent.push(collection);
      if (result instanceof ApiError) throw result;
      return result;
    },
  } as unknown as DashboardApi;
  const districts = new DistrictsState({ list: async () => (reads++, [] as District[]) });
  return { importer: new DistrictsImportState(api, districts), sent, reads: () => reads };
}

describe('DistrictsImportState', () => {
  it('sends the layer, keeps the answer and reads the districts again', async () => {
    const { importer, sent, reads } = setup(answer);
    expect(await importer.send(layer)).toBe(true);
    expect(sent).toEqual([layer]);
    expect(importer.done).toEqual(answer);
    expect(importer.refusal).toBeNull();
    expect(importer.sending).toBe(false);
    expect(reads()).toBe(1);
  });

  it("keeps the database's reason when it refuses the file, and reads nothing again", async () => {
    const { importer, reads } = setup(new ApiError('invalid_input', 'feature 2: ring not closed', 400));
    expect(await importer.send(layer)).toBe(false);
    expect(importer.refusal).toEqual({ reason: 'feature 2: ring not closed' });
    expect(importer.done).toBeNull();
    expect(reads()).toBe(0);
  });

  it('gives no reason for any other failure, and forgets it when cleared', async () => {
    const { importer } = setup(new ApiError('network', 'offline', 0));
    await importer.send(layer);
    expect(importer.refusal).toEqual({ reason: null });
    importer.clear();
    expect(importer.refusal).toBeNull();
  });
});
