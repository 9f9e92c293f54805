import { existsSync } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApi } from '../../src/lib/api/dashboard.ts';
import { anonClient } from '../support/clients.ts';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

const FIRENZE = new URL('../../../shared/city-packs/firenze', import.meta.url).pathname;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const BIG = {
  type: 'Polygon',
  coordinates: [
    [
      [11.0, 43.6],
      [11.5, 43.6],
      [11.5, 43.9],
      [11.0, 43.9],
      [11.0, 43.6],
    ],
  ],
};

// What the dashboard calls, as the demo accounts call it through PostgREST: a resident (and
// anon) is refused by the database; a planner gets figures without any identity and can replace
// the official districts, the database reassigning proposals.
describe.skipIf(!existsSync(FIRENZE))('dashboard access', () => {
  let stack: TestStack;
  let planner: SupabaseClient;
  let resident: SupabaseClient;
  const client = () => anonClient(stack.config.apiUrl, stack.config.anonKey);

  async function signIn(email: string): Promise<SupabaseClient> {
    const c = client();
    const { error } = await c.auth.signInWithPassword({ email, password: 'demo-password' });
    if (error) throw error;
    return c;
  }
  async function features(c: SupabaseClient) {
    const { data, error } = await c.from('districts').select('slug, name, population, geometry').order('id');
    if (error) throw error;
    return data.map(({ geometry, ...properties }) => ({ type: 'Feature', properties, geometry }));
  }

  beforeAll(async () => {
    stack = await startTestStack(undefined, { SEED_DEMO: '1', CITY_PACK: FIRENZE });
    [planner, resident] = await Promise.all([signIn('planner@demo.local'), signIn('resident@demo.local')]);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a resident every dashboard call, with 403 and a plain reason', async () => {
    const layer = { type: 'FeatureCollection', features: await features(resident) };
    const calls = [
      resident.rpc('dashboard_data'),
      resident.rpc('dashboard_participants', { p_proposal_ids: [1], p_groups: [0] }),
      resident.rpc('district_summary'),
      resident.rpc('import_districts', { p_features: layer }),
    ];
    for (const { error, status } of await Promise.all(calls)) {
      expect(status).toBe(403);
      expect(error?.message).toBe('not_planner');
    }
    await expect(createDashboardApi(() => resident).data()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect(await features(resident)).toHaveLength(5);
  });

  it('refuses anon (no grant)', async () => {
    const { error, status } = await client().rpc('dashboard_data');
    expect(status).toBe(401);
    expect(error).not.toBeNull();
  });

  it('gives a planner proposals and anonymous votes, and participant counts', async () => {
    const api = createDashboardApi(() => planner);
    const data = await api.data();
    expect(data.proposals.length).toBeGreaterThan(0);
    expect(data.votes.length).toBeGreaterThan(0);
    expect(Object.keys(data.votes[0]!).sort()).toEqual(['createdAt', 'proposalId', 'value', 'voterYoung']);
    const raw = await planner.rpc('dashboard_data');
    expect(JSON.stringify(raw.data)).not.toMatch(UUID);
    const ids = data.proposals.map((p) => p.id);
    const counts = await api.participants(
      ids,
      ids.map(() => 0),
    );
    expect(counts.get(0)).toBeGreaterThan(0);
    expect([...counts.keys()]).toEqual([0]);
  });

  it('refuses a bad import with 400 and a plain sentence, and changes nothing', async () => {
    const bad = [
      { type: 'Feature' },
      { type: 'FeatureCollection', features: [] },
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: BIG }] },
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'Open' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [11, 43],
                  [12, 43],
                  [12, 44],
                  [11, 44],
                ],
              ],
            },
          },
        ],
      },
    ];
    for (const layer of bad) {
      const { error, status } = await planner.rpc('import_districts', { p_features: layer });
      expect({ status, error }).toMatchObject({ status: 400 });
      expect(error?.details).toMatch(/^[A-Z].+\.$/);
    }
    await expect(createDashboardApi(() => planner).importDistricts({ type: 'nope' })).rejects.toMatchObject({
      code: 'districts_import_invalid',
      detail: 'Send a GeoJSON FeatureCollection of districts.',
    });
    expect(await features(planner)).toHaveLength(5);
  });

  it('lets a planner replace the districts; the database reassigns the proposals', async () => {
    const api = createDashboardApi(() => planner);
    const original = await features(planner);
    const replaced = await api.importDistricts({
      type: 'FeatureCollection',
      features: [
        ...original.filter((f) => f.properties.slug !== 'centro-storico'),
        { type: 'Feature', properties: { name: 'Area metropolitana', slug: 'area-metropolitana' }, geometry: BIG },
      ],
    });
    expect(replaced).toMatchObject({ inserted: 1, updated: 4, removed: 1, agentRolesRemoved: 1, outside: 0 });
    expect(replaced.reassigned).toBeGreaterThan(0);
    const { data: moved } = await planner
      .from('proposals')
      .select('id, districts!inner(slug)')
      .eq('districts.slug', 'area-metropolitana');
    expect(moved?.length).toBeGreaterThan(0);
    expect(moved!.length).toBeLessThanOrEqual(replaced.reassigned);

    const restored = await api.importDistricts({ type: 'FeatureCollection', features: original });
    expect(restored).toMatchObject({
      inserted: 1,
      updated: 4,
      removed: 1,
      reassigned: replaced.reassigned,
      outside: 0,
    });
    expect((await features(planner)).map((f) => f.properties.slug)).toEqual([
      'campo-di-marte',
      'gavinana-galluzzo',
      'isolotto-legnaia',
      'rifredi',
      'centro-storico',
    ]);
  });
});
