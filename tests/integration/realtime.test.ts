import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import { serviceClient } from '../support/clients.ts';
import { account, Inbox, realtimeClient, subscribed, tokenFor, type Vsn } from '../support/realtime.ts';

type Change = RealtimePostgresChangesPayload<Record<string, unknown>>;

// Realtime through supabase-js's own client, on both protocol versions: postgres_changes
// filtered by RLS as each subscriber, broadcast, presence, token expiry and refresh.
describe.each<Vsn>(['1.0.0', '2.0.0'])('realtime over protocol %s', (vsn) => {
  const service = serviceClient();
  const clients: SupabaseClient[] = [];
  const origin: [number, number] = [120 + Math.random(), 20 + Math.random()];
  let categoryId: number;
  let districtId: number;
  let author: { id: string; token: string };
  let stranger: { id: string; token: string };

  const client = async (token?: string) => {
    const made = await realtimeClient(vsn, token);
    clients.push(made);
    return made;
  };

  function listen(target: SupabaseClient, filter: string | undefined, name = `t-${Math.random()}`) {
    const inbox = new Inbox<Change>();
    const channel = target
      .channel(name)
      .on(
        'postgres_changes',
        { event: '*', schema: 'public', table: 'proposals', ...(filter ? { filter } : {}) },
        inbox.push,
      );
    return { inbox, ready: subscribed(channel) };
  }

  async function propose(title: string, token = author.token): Promise<number> {
    const { data, error } = await (
      await realtimeClient(vsn, token)
    )
      .from('proposals')
      .insert({
        title,
        category_id: categoryId,
        location: { type: 'Point', coordinates: [origin[0] + 0.005, origin[1] + 0.005] },
      })
      .select('id')
      .single();
    if (error) throw error;
    return data.id as number;
  }

  beforeAll(async () => {
    const [x, y] = origin;
    const district = await service
      .from('districts')
      .insert({
        slug: `rt-${vsn.replaceAll('.', '')}-${Date.now().toString(36)}`,
        name: 'Realtime square',
        population: 1000,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 0.01, y],
              [x + 0.01, y + 0.01],
              [x, y + 0.01],
              [x, y],
            ],
          ],
        },
      })
      .select('id')
      .single();
    if (district.error) throw district.error;
    districtId = district.data.id as number;
    const categories = await service.from('categories').select('id').limit(1);
    if (categories.error) throw categories.error;
    if (categories.data[0]) categoryId = categories.data[0].id as number;
    else {
      const created = await service
        .from('categories')
        .insert({ slug: `rt-${vsn}`, label_fr: 'Direct', label_en: 'Live', color: '#123456', icon: 'flag' })
        .select('id')
        .single();
      if (created.error) throw created.error;
      categoryId = created.data.id as number;
    }
    [author, stranger] = await Promise.all([account('rt-author'), account('rt-stranger')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.removeAllChannels()));
  });

  it('delivers insert, update and delete with new and old as the client expects', async () => {
    const { inbox, ready } = listen(await client(author.token), `district_id=eq.${districtId}`);
    await ready;
    const id = await propose('A bench by the river');
    const [inserted] = await inbox.next(1);
    expect(inserted).toMatchObject({ eventType: 'INSERT', schema: 'public', table: 'proposals', old: {} });
    expect(inserted!.new).toMatchObject({ id, title: 'A bench by the river', district_id: districtId, agree_count: 0 });
    expect(typeof inserted!.commit_timestamp).toBe('string');

    await (await realtimeClient(vsn, author.token)).from('proposals').update({ title: 'Two benches' }).eq('id', id);
    const [, updated] = await inbox.next(2);
    expect(updated).toMatchObject({ eventType: 'UPDATE', new: { id, title: 'Two benches' }, old: { id } });

    await (await realtimeClient(vsn, author.token)).from('proposals').delete().eq('id', id);
    const [, , deleted] = await inbox.next(3);
    // Replica identity is the primary key: `old` carries the key only, as on Supabase.
    expect(deleted).toMatchObject({ eventType: 'DELETE', new: {}, old: { id } });
    expect(Object.keys(deleted!.old)).toEqual(['id']);
  });

  it('applies the binding filters (eq, neq, lt, lte, gt, gte, in, is)', async () => {
    const id = await propose('Filter me');
    const viewer = await client();
    const filters: [string, boolean][] = [
      [`id=eq.${id}`, true],
      [`id=neq.${id}`, false],
      [`id=lt.${id}`, false],
      [`id=lte.${id}`, true],
      [`id=gt.${id}`, false],
      [`id=gte.${id}`, true],
      [`id=in.(${id - 1},${id})`, true],
      [`id=in.(${id + 1},${id + 2})`, false],
      ['photo_path=is.null', true],
      [`title=eq.Filter me`, true],
    ];
    const listeners = filters.map(([filter]) => listen(viewer, filter));
    const marker = listen(viewer, `id=eq.${id}`);
    await Promise.all([...listeners.map((l) => l.ready), marker.ready]);
    await service.from('proposals').update({ description: 'filtered' }).eq('id', id);
    await marker.inbox.next(1);
    // Every channel got its answer before the marker's: the server sends one change in order.
    const received = listeners.map((l) => l.inbox.items.length > 0);
    expect(received).toEqual(filters.map(([, expected]) => expected));
  });

  it('never shows a hidden proposal to a visitor, while its author still follows it', async () => {
    const id = await propose('Soon hidden');
    const visitor = listen(await client(), `id=eq.${id}`);
    const owner = listen(await client(author.token), `id=eq.${id}`);
    const other = listen(await client(stranger.token), `id=eq.${id}`);
    await Promise.all([visitor.ready, owner.ready, other.ready]);
    await service.from('proposals').update({ moderation_state: 'hidden' }).eq('id', id);
    await service.from('proposals').update({ description: 'edited while hidden' }).eq('id', id);
    const seen = await owner.inbox.next(2);
    expect(seen.map((c) => (c.new as { moderation_state?: string }).moderation_state)).toEqual(['hidden', 'hidden']);
    // The same changes reached the visitor's and the stranger's channels first or not at all.
    await service.from('proposals').update({ moderation_state: 'published' }).eq('id', id);
    await Promise.all([visitor.inbox.next(1), other.inbox.next(1)]);
    expect(
      visitor.inbox.items.map((c) => c.eventType + (c.new as { moderation_state: string }).moderation_state),
    ).toEqual(['UPDATEpublished']);
    expect(other.inbox.items).toHaveLength(1);
  });

  it("keeps one user's own votes from another user", async () => {
    const id = await propose('Vote on me');
    const voterA = await account('rt-voter-a');
    const voterB = await account('rt-voter-b');
    const votes = async (token: string) => {
      const inbox = new Inbox<Change>();
      const channel = (await client(token))
        .channel(`votes-${Math.random()}`)
        .on(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'votes', filter: `proposal_id=eq.${id}` },
          inbox.push,
        );
      return { inbox, ready: subscribed(channel) };
    };
    const a = await votes(voterA.token);
    const b = await votes(voterB.token);
    await Promise.all([a.ready, b.ready]);
    await (await realtimeClient(vsn, voterA.token)).from('votes').insert({ proposal_id: id, value: 1 });
    await (await realtimeClient(vsn, voterB.token)).from('votes').insert({ proposal_id: id, value: -1 });
    const [mineA] = await a.inbox.next(1);
    const [mineB] = await b.inbox.next(1);
    expect(mineA!.new).toMatchObject({ voter_id: voterA.id, value: 1 });
    expect(mineB!.new).toMatchObject({ voter_id: voterB.id, value: -1 });
    // B's vote was delivered to B after A's reached A; A never sees B's.
    await (await realtimeClient(vsn, voterA.token)).from('votes').update({ value: -1 }).eq('proposal_id', id);
    expect(a.inbox.items).toHaveLength(1);
  });

  it('relays broadcasts between two clients, with ack and self', async () => {
    const topic = `room-${Math.random()}`;
    const inboxA = new Inbox<{ event: string; payload: unknown }>();
    const inboxB = new Inbox<{ event: string; payload: unknown }>();
    const a = (await client()).channel(topic, { config: { broadcast: { ack: true, self: true } } });
    a.on('broadcast', { event: 'cursor' }, inboxA.push);
    const b = (await client()).channel(topic);
    b.on('broadcast', { event: 'cursor' }, inboxB.push);
    await Promise.all([subscribed(a), subscribed(b)]);
    expect(await a.send({ type: 'broadcast', event: 'cursor', payload: { x: 1, y: 2 } })).toBe('ok');
    const [toB] = await inboxB.next(1);
    const [toA] = await inboxA.next(1);
    expect(toB).toMatchObject({ event: 'cursor', payload: { x: 1, y: 2 } });
    expect(toA).toMatchObject({ event: 'cursor', payload: { x: 1, y: 2 } });
    await b.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } });
    const [, second] = await inboxA.next(2);
    expect(second).toMatchObject({ payload: { x: 3 } });
    expect(inboxB.items).toHaveLength(1);
  });

  it('shares presence between two clients, joins and leaves', async () => {
    const topic = `lobby-${Math.random()}`;
    const a = (await client()).channel(topic, { config: { presence: { key: 'alice' } } });
    const b = (await client()).channel(topic, { config: { presence: { key: 'bob' } } });
    const syncs = new Inbox<Record<string, unknown[]>>();
    a.on('presence', { event: 'sync' }, () => syncs.push(a.presenceState()));
    b.on('presence', { event: 'sync' }, () => undefined);
    await Promise.all([subscribed(a), subscribed(b)]);
    await b.track({ status: 'reading' });
    const withBob = await syncs.until((state) => 'bob' in state);
    expect(withBob.bob).toEqual([expect.objectContaining({ status: 'reading' })]);
    await b.untrack();
    const afterLeave = await syncs.until(
      (state) => syncs.items.indexOf(state) > syncs.items.indexOf(withBob) && !('bob' in state),
    );
    expect(afterLeave).toEqual({});
  });

  it('closes a channel when its token expires, and keeps it when refreshed in time', async () => {
    const short = await tokenFor(author.id, 2);
    const expiring = await client(short);
    const system = new Inbox<unknown>();
    const statuses = new Inbox<string>();
    expiring
      .channel(`expiry-${Math.random()}`)
      .on('system', {}, system.push)
      .subscribe((status) => statuses.push(status));
    expect((await statuses.next(1))[0]).toBe('SUBSCRIBED');
    expect((await system.next(1))[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('Token has expired'),
    });
    expect((await statuses.next(2))[1]).toBe('CLOSED');

    const refreshed = await client();
    await refreshed.realtime.setAuth(await tokenFor(author.id, 2));
    const { inbox, ready } = listen(refreshed, `district_id=eq.${districtId}`);
    await ready;
    await refreshed.realtime.setAuth(await tokenFor(author.id, 3600));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const id = await propose('Still listening');
    const [change] = await inbox.next(1);
    expect(change!.new).toMatchObject({ id });
  });

  it('refuses a join with an expired token, with the reason Supabase gives', async () => {
    const expired = await tokenFor(author.id, -10);
    const { ready } = listen(await client(expired), undefined);
    await expect(ready).rejects.toThrow(/CHANNEL_ERROR: .*Token has expired/);
  });

  it('refuses a filter it cannot read', async () => {
    const { ready } = listen(await client(), 'id=like.1');
    await expect(ready).rejects.toThrow(/CHANNEL_ERROR: .*Invalid filter operator/);
  });
});
