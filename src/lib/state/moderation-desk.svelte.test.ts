import { describe, expect, it } from 'vitest';
import { ApiError, type ModerationApi, type ModerationCommand, type ModerationItem } from '../api/index.ts';
import { ModerationDesk } from './moderation-desk.svelte.ts';

function item(id: number, extra: Partial<ModerationItem> = {}): ModerationItem {
  return {
    key: `p${id}`,
    target: 'proposal',
    proposalId: String(id),
    commentId: null,
    title: `Proposal ${id}`,
    description: '',
    commentBody: null,
    categoryId: '1',
    districtId: '1',
    lng: 11.25,
    lat: 43.77,
    state: 'hidden',
    status: 'new',
    authorName: 'A',
    createdAt: '2026-11-20T10:00:00Z',
    reporters: 3,
    reasons: { spam: 3 },
    details: [],
    ...extra,
  };
}

const HIDE: ModerationCommand = { kind: 'proposal', action: 'hide', reason: 'spam', note: '' };

/** A fake server: a queue that loses the items acted on with a resolving action. */
function setup(initial: ModerationItem[], refuse?: ApiError) {
  let queue = initial;
  const calls: { key: string; command: ModerationCommand }[] = [];
  const searches: { text: string; districts: readonly string[] | null }[] = [];
  const api: ModerationApi = {
    queue: async () => queue,
    search: async (text, districts) => {
      searches.push({ text, districts });
      return queue.filter((i) => i.title.includes(text)).map((i) => ({ ...i, reporters: 0 }));
    },
    act: async (target, command) => {
      if (refuse) throw refuse;
      calls.push({ key: target.key, command });
      if (command.kind !== 'status') queue = queue.filter((i) => i.key !== target.key);
      else queue = queue.map((i) => (i.key === target.key ? { ...i, status: command.status } : i));
    },
  };
  return { state: new ModerationDesk(api, () => ['1', '2']), calls, searches };
}

describe('ModerationDesk', () => {
  it('loads the queue', async () => {
    const { state } = setup([item(1), item(2)]);
    await state.load();
    expect(state.status).toBe('ready');
    expect(state.list.map((i) => i.key)).toEqual(['p1', 'p2']);
    expect(state.open).toBeNull();
  });

  it('after an action that clears the item, reads the queue again and opens the next one', async () => {
    const { state, calls } = setup([item(1), item(2), item(3)]);
    await state.load();
    state.select('p2');
    expect(await state.act(HIDE)).toBe(true);
    expect(calls).toEqual([{ key: 'p2', command: HIDE }]);
    expect(state.items.map((i) => i.key)).toEqual(['p1', 'p3']);
    expect(state.open?.key).toBe('p3');
    expect(state.advanced).toBe(1);
    expect(state.done).toEqual({ command: HIDE, title: 'Proposal 2' });
  });

  it('opens the previous item after the last one, and nothing once the queue is empty', async () => {
    const { state } = setup([item(1), item(2)]);
    await state.load();
    state.select('p2');
    await state.act(HIDE);
    expect(state.open?.key).toBe('p1');
    await state.act(HIDE);
    expect(state.open).toBeNull();
    expect(state.items).toEqual([]);
  });

  it('clears a queue of 50 items one after the other without choosing again', async () => {
    const { state, calls } = setup(Array.from({ length: 50 }, (_, i) => item(i + 1)));
    await state.load();
    state.select('p1');
    while (state.open) await state.act(HIDE);
    expect(calls.map((c) => c.key)).toEqual(Array.from({ length: 50 }, (_, i) => `p${i + 1}`));
    expect(state.items).toEqual([]);
  });

  it('keeps the item open, updated, when the action leaves it in the queue', async () => {
    const { state } = setup([item(1), item(2)]);
    await state.load();
    state.select('p1');
    await state.act({ kind: 'status', status: 'accepted', answer: 'Yes', note: '' });
    expect(state.open).toMatchObject({ key: 'p1', status: 'accepted' });
    expect(state.advanced).toBe(0);
  });

  it('keeps the item and tells why when the database refuses', async () => {
    const { state } = setup([item(1)], new ApiError('forbidden', 'not_moderator', 403));
    await state.load();
    state.select('p1');
    expect(await state.act(HIDE)).toBe(false);
    expect(state.failure).toEqual({ code: 'forbidden', command: 'proposal' });
    expect(state.open?.key).toBe('p1');
    expect(state.busy).toBe(false);
  });

  it('does nothing without an open item', async () => {
    const { state, calls } = setup([item(1)]);
    await state.load();
    expect(await state.act(HIDE)).toBe(false);
    expect(calls).toEqual([]);
  });

  it("searches in the agent's districts and acts on a result", async () => {
    const { state, searches, calls } = setup([item(1, { title: 'Bench' }), item(2, { title: 'Tree' })]);
    state.show('search');
    await state.search('Tree');
    expect(searches).toEqual([{ text: 'Tree', districts: ['1', '2'] }]);
    expect(state.list.map((i) => i.key)).toEqual(['p2']);
    state.select('p2');
    await state.act({ kind: 'status', status: 'under_study', answer: '', note: '' });
    expect(calls[0]?.key).toBe('p2');
    expect(state.open?.status).toBe('under_study');
  });

  it('an empty search clears the results without asking the server', async () => {
    const { state, searches } = setup([item(1)]);
    await state.search('  ');
    expect(state.results).toEqual([]);
    expect(searches).toEqual([]);
  });

  it('starts afresh for another account', async () => {
    const { state } = setup([item(1)]);
    state.show('search');
    await state.search('Proposal');
    state.select('p1');
    await state.start();
    expect(state.source).toBe('queue');
    expect(state.query).toBe('');
    expect(state.results).toEqual([]);
    expect(state.open).toBeNull();
    expect(state.items.map((i) => i.key)).toEqual(['p1']);
  });

  it('reports a queue that cannot be read', async () => {
    const { state } = setup([]);
    const failing = new ModerationDesk(
      { ...({} as ModerationApi), queue: () => Promise.reject(new ApiError('network', 'down')) },
      () => [],
    );
    await failing.load();
    expect(failing.status).toBe('error');
    expect(failing.error).toBe('network');
    expect(state.status).toBe('idle');
  });

  it('finds possible originals in every district, and nothing when the search fails', async () => {
    const { state, searches } = setup([item(1, { title: 'Bench in the park' }), item(2)]);
    expect((await state.findDuplicates('Bench')).map((i) => i.key)).toEqual(['p1']);
    expect(searches).toEqual([{ text: 'Bench', districts: null }]);
    expect(await state.findDuplicates('  ')).toEqual([]);
    expect(searches).toHaveLength(1);
    const failing: ModerationApi = {
      queue: async () => [],
      search: async () => Promise.reject(new ApiError('network', 'offline', 0)),
      act: async () => {},
    };
    expect(await new ModerationDesk(failing, () => []).findDuplicates('Bench')).toEqual([]);
  });
});
