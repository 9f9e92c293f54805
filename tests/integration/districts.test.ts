import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, serviceClient } from '../support/clients.ts';
import { signedInUser, type SignedInUser } from '../support/users.ts';

// Districts and the map query as the app sees them through PostgREST: anon reads the polygons,
// the database assigns districts and refuses points outside the city with a named error, and
// the bounding-box RPC is not cut at PostgREST's 1000 rows.
describe('districts and the map through the HTTP API', () => {
  const origin: [number, number] = [120 + Math.random(), -20 + Math.random()];
  const square = (x: number, y: number, size: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  });
  const suffix = Date.now().toString(36);
  let resident: SignedInUser;
  let categoryId: number;

  beforeAll(async () => {
    const [x, y] = origin;
    const inserted = await serviceClient()
      .from('districts')
      .insert([
        { slug: `west-${suffix}`, name: 'West', population: 2000, geometry: square(x, y, 0.01) },
        { slug: `east-${suffix}`, name: 'East', population: null, geometry: square(x + 0.01, y, 0.01) },
      ]);
    if (inserted.error) throw inserted.error;
    const categories = await serviceClient().from('categories').select('id').limit(1).single();
    if (categories.error) throw categories.error;
    categoryId = categories.data.id as number;
    resident = await signedInUser('district-resident');
  });

  it('lets anyone read the districts with their GeoJSON geometry', async () => {
    const { data, error } = await anonClient()
      .from('districts')
      .select('id, slug, name, population, geometry')
      .in('slug', [`west-${suffix}`, `east-${suffix}`])
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        id: expect.any(Number),
        slug: `west-${suffix}`,
        name: 'West',
        population: 2000,
        geometry: square(...origin, 0.01),
      },
      {
        id: expect.any(Number),
        slug: `east-${suffix}`,
        name: 'East',
        population: null,
        geometry: square(origin[0] + 0.01, origin[1], 0.01),
      },
    ]);
  });

  it('refuses district changes to anon (no grant) and to residents (policy)', async () => {
    const anon = await anonClient()
      .from('districts')
      .insert({ slug: `x-${suffix}`, name: 'X', geometry: square(0, 0, 1) });
    expect(anon.status).toBe(401);
    expect(anon.error?.code).toBe('42501');
    const mine = await resident.client
      .from('districts')
      .insert({ slug: `y-${suffix}`, name: 'Y', geometry: square(0, 0, 1) });
    expect(mine.status).toBe(403);
    expect(mine.error?.code).toBe('42501');
  });

  it('assigns the district from the point, the lower id on the shared border', async () => {
    const [x, y] = origin;
    const { data, error } = await resident.client
      .from('proposals')
      .insert([
        {
          title: 'West side',
          category_id: categoryId,
          location: { type: 'Point', coordinates: [x + 0.005, y + 0.005] },
        },
        {
          title: 'East side',
          category_id: categoryId,
          location: { type: 'Point', coordinates: [x + 0.015, y + 0.005] },
        },
        {
          title: 'On the border',
          category_id: categoryId,
          location: { type: 'Point', coordinates: [x + 0.01, y + 0.005] },
        },
      ])
      .select('title, district:districts(slug)');
    expect(error).toBeNull();
    expect(
      [...(data ?? [])].sort(
        (a, b) =>
          ['West side', 'East side', 'On the border'].indexOf(a.title) -
          ['West side', 'East side', 'On the border'].indexOf(b.title),
      ),
    ).toEqual([
      { title: 'West side', district: { slug: `west-${suffix}` } },
      { title: 'East side', district: { slug: `east-${suffix}` } },
      { title: 'On the border', district: { slug: `west-${suffix}` } },
    ]);
  });

  it('refuses a point outside the city with the named error proposal_outside_city', async () => {
    const { error, status } = await resident.client
      .from('proposals')
      .insert({ title: 'Far away', category_id: categoryId, location: { type: 'Point', coordinates: [-170, -80] } });
    expect(status).toBe(400);
    expect(error?.message).toBe('proposal_outside_city');
    expect(error?.details).toMatch(/outside every district/);
  });

  it('returns more than 1000 proposals from the bounding-box RPC in one answer', async () => {
    const [x, y] = origin;
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      author_id: resident.id,
      title: `Pin ${i}`,
      category_id: categoryId,
      location: {
        type: 'Point',
        coordinates: [x + 0.0001 + (i % 40) * 0.0002, y + 0.0001 + Math.floor(i / 40) * 0.0002],
      },
    }));
    const bulk = await serviceClient().from('proposals').insert(rows);
    expect(bulk.error).toBeNull();
    const { data, error } = await anonClient().rpc('proposals_in_bbox', {
      p_min_lng: x,
      p_min_lat: y,
      p_max_lng: x + 0.02,
      p_max_lat: y + 0.01,
    });
    expect(error).toBeNull();
    const map = data as { columns: string[]; rows: unknown[][]; truncated: boolean };
    expect(map.columns.slice(0, 3)).toEqual(['id', 'lng', 'lat']);
    expect(map.rows.length).toBe(1203);
    expect(map.truncated).toBe(false);
  });
});
