import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, serviceClient, stackInfo } from '../support/clients.ts';
import { signedInUser, type SignedInUser } from '../support/users.ts';

// The local stack's REST path: the real PostgREST behind the gateway, RLS decided by Postgres.
describe('REST through the gateway, with RLS', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    alice = await signedInUser('alice');
    bob = await signedInUser('bob');
  });

  it('lets a user insert their own row and read it back', async () => {
    const { data, error } = await alice.client
      .from('stack_test_notes')
      .insert({ body: 'mine', is_public: false })
      .select()
      .single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ body: 'mine', owner: alice.id });
  });

  it('refuses an insert in someone else’s name', async () => {
    const { error, status } = await alice.client.from('stack_test_notes').insert({ body: 'spoof', owner: bob.id });
    expect(status).toBe(403);
    expect(error?.code).toBe('42501');
  });

  it('refuses every write to anon (no grant)', async () => {
    const { error, status } = await anonClient().from('stack_test_notes').insert({ body: 'anon' });
    expect(status).toBe(401);
    expect(error?.code).toBe('42501');
  });

  it('filters reads by policy: private rows stay private', async () => {
    await alice.client.from('stack_test_notes').insert([
      { body: 'alice private', is_public: false },
      { body: 'alice public', is_public: true },
    ]);
    const asBob = await bob.client.from('stack_test_notes').select('body, owner').eq('owner', alice.id);
    expect(asBob.error).toBeNull();
    expect(asBob.data?.map((r) => r.body)).toEqual(['alice public']);
    const asAnon = await anonClient().from('stack_test_notes').select('body').eq('owner', alice.id);
    expect(asAnon.data?.map((r) => r.body)).toEqual(['alice public']);
    const asAlice = await alice.client.from('stack_test_notes').select('body').eq('owner', alice.id);
    expect(asAlice.data?.map((r) => r.body).sort()).toEqual(['alice private', 'alice public', 'mine']);
  });

  it('updates and deletes only what the policy allows', async () => {
    const { data: note } = await alice.client.from('stack_test_notes').insert({ body: 'to edit' }).select().single();
    const byBob = await bob.client.from('stack_test_notes').update({ body: 'hacked' }).eq('id', note.id).select();
    expect(byBob.data).toEqual([]);
    const delByBob = await bob.client.from('stack_test_notes').delete().eq('id', note.id).select();
    expect(delByBob.data).toEqual([]);
    const byAlice = await alice.client.from('stack_test_notes').update({ body: 'edited' }).eq('id', note.id).select();
    expect(byAlice.error).toBeNull();
    expect(byAlice.data?.[0]?.body).toBe('edited');
    const delByAlice = await alice.client.from('stack_test_notes').delete().eq('id', note.id).select();
    expect(delByAlice.data).toHaveLength(1);
  });

  it('upserts own rows and refuses to upsert over another user’s', async () => {
    const { data: note } = await alice.client.from('stack_test_notes').insert({ body: 'v1' }).select().single();
    const own = await alice.client.from('stack_test_notes').upsert({ id: note.id, body: 'v2' }).select().single();
    expect(own.error).toBeNull();
    expect(own.data?.body).toBe('v2');
    const foreign = await bob.client.from('stack_test_notes').upsert({ id: note.id, body: 'stolen' }).select();
    expect(foreign.error).not.toBeNull();
    const check = await alice.client.from('stack_test_notes').select('body').eq('id', note.id).single();
    expect(check.data?.body).toBe('v2');
  });

  it('answers 406 to .single() with no row', async () => {
    const { error, status } = await alice.client.from('stack_test_notes').select().eq('id', -1).single();
    expect(status).toBe(406);
    expect(error?.code).toBe('PGRST116');
  });

  it('refuses UPDATE and DELETE without a filter with 400 (safeupdate)', async () => {
    const del = await alice.client.from('stack_test_notes').delete();
    expect(del.status).toBe(400);
    expect(del.error?.message).toBe('DELETE requires a WHERE clause');
    const upd = await serviceClient().from('stack_test_notes').update({ body: 'all' });
    expect(upd.status).toBe(400);
    expect(upd.error?.message).toBe('UPDATE requires a WHERE clause');
    const still = await alice.client.from('stack_test_notes').select('id');
    expect(still.data?.length).toBeGreaterThan(0);
  });

  it('runs RPCs with the caller’s grants and identity', async () => {
    const who = await alice.client.rpc('stack_test_whoami');
    expect(who.data).toEqual({ role: 'authenticated', sub: alice.id });
    const anonWho = await anonClient().rpc('stack_test_whoami');
    expect(anonWho.data).toEqual({ role: 'anon', sub: null });
    const refused = await anonClient().rpc('stack_test_count_my_notes');
    expect(refused.status).toBe(401);
    const counted = await bob.client.rpc('stack_test_count_my_notes');
    expect(typeof counted.data).toBe('number');
  });

  it('requires an API key, as Supabase’s gateway does', async () => {
    const response = await fetch(`${stackInfo().apiUrl}/rest/v1/stack_test_notes`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'No API key found in request' });
  });

  it('answers CORS preflights for the headers supabase-js sends and exposes content-range', async () => {
    const preflight = await fetch(`${stackInfo().apiUrl}/rest/v1/stack_test_notes`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, apikey, x-client-info, content-type, prefer',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-client-info');
    const get = await fetch(`${stackInfo().apiUrl}/rest/v1/stack_test_notes?select=id`, {
      headers: { apikey: stackInfo().anonKey, origin: 'http://127.0.0.1:5173', prefer: 'count=exact' },
    });
    expect(get.headers.get('access-control-expose-headers')).toContain('content-range');
    expect(get.headers.get('content-range')).toMatch(/\/\d+$/);
  });
});
