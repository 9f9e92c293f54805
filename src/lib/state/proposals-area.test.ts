import { describe, expect, it } from 'vitest';
import type { CategoriesApi, Proposal, ProposalPoint, ProposalsApi } from '../api/index.ts';
import { contains, grow, NO_IDS, withPoints, withTexts } from './proposals-area.ts';
import { ProposalsState } from './proposals.svelte.ts';

const point = (id: string, lng: number, agree = 0): ProposalPoint => ({
  id,
  lng,
  lat: 43.77,
  categoryId: '1',
  status: 'new',
  agree,
  disagree: 0,
  comments: 0,
});
const full = (p: ProposalPoint): Proposal => ({
  ...p,
  title: `Proposal ${p.id}`,
  description: '',
  districtId: '1',
  officialAnswer: null,
  authorId: 'u',
  authorName: 'Ada',
  photoPath: null,
  createdAt: '2026-11-01T10:00:00Z',
});

describe('areas', () => {
  it('grows a box by a share of its size and tells whether one holds another', () => {
    expect(grow([0, 0, 4, 2], 0.25)).toEqual([-1, -0.5, 5, 2.5]);
    expect(contains([-1, -1, 5, 5], [0, 0, 4, 2])).toBe(true);
    expect(contains([0, 0, 4, 2], [-1, 0, 4, 2])).toBe(false);
  });

  it('merges points (new ones as placeholders, counters refreshed), then their text', () => {
    const held = { items: [full(point('1', 11.2))], pending: NO_IDS };
    const merged = withPoints(held, [point('1', 11.2, 5), point('2', 11.3)], false);
    expect(merged.fresh).toEqual(['2']);
    expect(merged.items.map((p) => [p.id, p.title, p.agree])).toEqual([
      ['1', 'Proposal 1', 5],
      ['2', '', 0],
    ]);
    expect([...merged.pending]).toEqual(['2']);
    // A placeholder whose text did not come (no longer readable) is dropped.
    const done = withTexts(withPoints(merged, [point('3', 11.4)], false), ['2', '3'], [full(point('2', 11.3))]);
    expect(done.items.map((p) => [p.id, p.title])).toEqual([
      ['1', 'Proposal 1'],
      ['2', 'Proposal 2'],
    ]);
    expect(done.pending.size).toBe(0);
  });
});

describe('ProposalsState by area', () => {
  it('loads the view plus a margin once, merges new areas, and starts afresh for a new reader', async () => {
    const asked: number[][] = [];
    const world = [point('1', 11.2), point('2', 11.3), point('3', 12.5)];
    const api = {
      inBbox: async (b: readonly number[]) => {
        asked.push([...b]);
        return { points: world.filter((p) => p.lng >= b[0]! && p.lng <= b[2]!), truncated: false };
      },
      many: async (ids: readonly string[]) => world.filter((p) => ids.includes(p.id)).map(full),
    } as unknown as ProposalsApi;
    const categories: CategoriesApi = { list: async () => [] };
    const state = new ProposalsState(api, categories);

    await state.show([11, 43, 11.4, 44]); // the reader is not known yet: the first load fetches it
    expect(asked).toHaveLength(0);
    await state.load();
    expect(state.items.map((p) => p.title)).toEqual(['Proposal 1', 'Proposal 2']);
    await state.show([11.05, 43.1, 11.35, 43.9]); // inside the margin: nothing asked
    expect(asked).toHaveLength(1);
    await state.show([12.2, 43, 12.6, 44]);
    expect(state.items.map((p) => p.id).sort()).toEqual(['1', '2', '3']);
    expect(state.pending.size).toBe(0);

    await state.load(); // a new reader: only the current view again
    expect(state.items.map((p) => p.id)).toEqual(['3']);
    expect(state.status).toBe('ready');
  });

  it('fetches the texts only once `textsAfter` resolves, the points at once', async () => {
    const world = [point('1', 11.2), point('2', 11.3)];
    const textsAsked: string[][] = [];
    const api = {
      inBbox: async () => ({ points: world, truncated: false }),
      many: async (ids: readonly string[]) => (textsAsked.push([...ids]), world.map(full)),
    } as unknown as ProposalsApi;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const colours = [
      { id: '1', slug: 'mobility', labelFr: 'Mobilité', labelEn: 'Mobility', color: '#123456', icon: 'bus' },
    ];
    const state = new ProposalsState(api, { list: async () => colours }, gate);
    void state.show([11, 43, 11.4, 44]);
    const loading = state.load();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.items.map((p) => p.id)).toEqual(['1', '2']);
    expect(state.pending.size).toBe(2);
    expect(textsAsked).toHaveLength(0);
    // The bubbles have their category's colour before any text came.
    expect(state.bubbles(state.items).features.map((f) => f.properties.color)).toEqual(['#123456', '#123456']);
    release();
    await loading;
    expect(textsAsked).toEqual([['1', '2']]);
    expect(state.items.map((p) => p.title)).toEqual(['Proposal 1', 'Proposal 2']);
    expect(state.pending.size).toBe(0);
  });
});

describe('counters changed here while an answer is on its way', () => {
  it('are not overwritten by the older counters of points or texts asked for before', async () => {
    let agreeOnServer = 5;
    let holdTexts!: () => void;
    const textsHeld = new Promise<void>((resolve) => (holdTexts = resolve));
    const api = {
      inBbox: async () => ({ points: [point('1', 11.2, agreeOnServer)], truncated: false }),
      many: async () => {
        const answer = [{ ...full(point('1', 11.2, agreeOnServer)) }]; // read now, delivered later
        await textsHeld;
        return answer;
      },
    } as unknown as ProposalsApi;
    const state = new ProposalsState(api, { list: async () => [] });
    void state.show([11, 43, 11.4, 44]);
    const loading = state.load();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The person votes while the texts are on their way: the server now says 6.
    agreeOnServer = 6;
    state.setCounts('1', { agree: 6, disagree: 0 });
    holdTexts();
    await loading;
    expect(state.byId.get('1')).toMatchObject({ title: 'Proposal 1', agree: 6 });

    // Points asked for before a change do not undo it either; asked for after, they are taken.
    agreeOnServer = 6;
    const reloading = state.load();
    state.setCounts('1', { agree: 7, disagree: 0 });
    await reloading;
    expect(state.byId.get('1')?.agree).toBe(7);
    await state.load();
    expect(state.byId.get('1')?.agree).toBe(6);
  });
});

describe('bubbles', () => {
  const state = new ProposalsState({} as ProposalsApi, {} as CategoriesApi);

  it('hands back the previous bubbles when texts arrived but nothing drawn changed', () => {
    const placeholders = withPoints({ items: [], pending: NO_IDS }, [point('1', 11.25), point('2', 11.26)], false);
    const first = state.bubbles(placeholders.items);
    const texts = withTexts(placeholders, ['1', '2'], [full(point('1', 11.25)), full(point('2', 11.26))]);
    expect(state.bubbles(texts.items, first)).toBe(first);
  });

  it('gives new bubbles when a count, a place or the set of proposals changed', () => {
    const first = state.bubbles([full(point('1', 11.25)), full(point('2', 11.26))]);
    const voted = state.bubbles([full(point('1', 11.25, 3)), full(point('2', 11.26))], first);
    expect(voted).not.toBe(first);
    expect(voted.features[0]!.properties.activity).toBe(3);
    expect(state.bubbles([full(point('1', 11.3)), full(point('2', 11.26))], first)).not.toBe(first);
    expect(state.bubbles([full(point('1', 11.25))], first)).not.toBe(first);
  });
});
