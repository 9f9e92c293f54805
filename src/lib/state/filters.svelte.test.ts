import { describe, expect, it } from 'vitest';
import type { Proposal } from '../api/index.ts';
import { Filters } from './filters.svelte.ts';

const base: Proposal = {
  id: '1',
  title: 'Piste cyclable',
  description: '',
  lng: 0,
  lat: 0,
  categoryId: 'c1',
  districtId: 'd1',
  status: 'new',
  officialAnswer: null,
  agree: 0,
  disagree: 0,
  comments: 0,
  authorId: 'u1',
  authorName: 'A.',
  photoPath: null,
  createdAt: '2026-11-01T00:00:00Z',
};
const items: Proposal[] = [
  base,
  {
    ...base,
    id: '2',
    title: 'Bancs au parc',
    categoryId: 'c2',
    agree: 9,
    comments: 1,
    createdAt: '2026-11-03T00:00:00Z',
  },
  {
    ...base,
    id: '3',
    title: 'Vélos partagés',
    description: 'Des vélos en libre service',
    status: 'accepted',
    districtId: 'd2',
    authorId: 'u2',
    disagree: 3,
    comments: 7,
    createdAt: '2026-11-02T00:00:00Z',
  },
];
const ids = (list: Proposal[]) => list.map((p) => p.id);

describe('Filters', () => {
  it('keeps everything, newest first, when nothing is chosen', () => {
    expect(ids(new Filters().apply(items, null))).toEqual(['2', '3', '1']);
  });

  it('filters by category, status, district and author, and never changes the input', () => {
    const f = new Filters();
    f.categoryId = 'c1';
    expect(ids(f.apply(items, null))).toEqual(['3', '1']);
    f.status = 'accepted';
    expect(ids(f.apply(items, null))).toEqual(['3']);
    f.clear();
    f.districtId = 'd1';
    expect(ids(f.apply(items, null))).toEqual(['2', '1']);
    f.clear();
    f.mine = true;
    expect(ids(f.apply(items, null))).toEqual([]);
    expect(ids(f.apply(items, 'u2'))).toEqual(['3']);
    expect(ids(items)).toEqual(['1', '2', '3']);
  });

  it('searches titles and descriptions without case or accents', () => {
    const f = new Filters();
    f.query = 'VELO';
    expect(ids(f.apply(items, null))).toEqual(['3']);
    f.query = 'libre service';
    expect(ids(f.apply(items, null))).toEqual(['3']);
  });

  it('sorts by votes and by comments', () => {
    const f = new Filters();
    f.sort = 'votes';
    expect(ids(f.apply(items, null))).toEqual(['2', '3', '1']);
    f.sort = 'debated';
    expect(ids(f.apply(items, null))).toEqual(['3', '2', '1']);
  });

  it('round-trips through the address and ignores unknown values', () => {
    const f = new Filters();
    f.fromParams(new URLSearchParams('cat=c2&status=bogus&mine=1&q=parc&sort=debated'));
    expect([f.categoryId, f.status, f.mine, f.query, f.sort, f.active]).toEqual([
      'c2',
      null,
      true,
      'parc',
      'debated',
      2,
    ]);
    const params = new URLSearchParams('p=5');
    f.toParams(params);
    expect(params.toString()).toBe('p=5&cat=c2&mine=1&q=parc&sort=debated');
  });
});
