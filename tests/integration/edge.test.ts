import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

/**
 * What answers on the API port, checked on both edges: nginx in front (the default when it is
 * installed, as in CI) and the Node gateway alone (a machine without nginx). Same contract.
 */
describe.each(['nginx', 'node'] as const)('the %s edge on the API port', (edge) => {
  let running: TestStack;
  let api: string;
  let anonKey: string;
  let serviceKey: string;

  beforeAll(async () => {
    running = await startTestStack(undefined, { GATEWAY: edge, AUTH_RATE_LIMIT_SIGN_IN: '3' });
    api = running.config.apiUrl;
    anonKey = running.config.anonKey;
    serviceKey = running.config.serviceRoleKey;
    await running.stack.ctx.db.pool.query(`
      create table public.edge_items (id bigint generated always as identity primary key, label text not null);
      grant select, insert, update, delete on public.edge_items to service_role;
      grant usage, select on all sequences in schema public to service_role;
      insert into public.edge_items (label) values ('one'), ('two'), ('three');
      create function public.edge_echo(p text) returns text language sql as $$ select p $$;
      grant execute on function public.edge_echo(text) to anon;`);
    await running.stack.reloadSchema();
  });

  afterAll(async () => {
    await running?.stop();
  });

  const service = { apikey: '', authorization: '' };
  const asService = () => ({ ...service, apikey: serviceKey, authorization: `Bearer ${serviceKey}` });

  it('is the edge it was asked for', () => {
    expect(running.stack.edge).toBe(edge);
  });

  it('refuses REST calls without a key or with a wrong one, in JSON, with CORS headers', async () => {
    const missing = await fetch(`${api}/rest/v1/edge_items`, { headers: { origin: 'http://app.test' } });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: 'No API key found in request' });
    expect(missing.headers.get('access-control-allow-origin')).toBe('http://app.test');
    const wrong = await fetch(`${api}/rest/v1/edge_items`, { headers: { apikey: 'not-a-key' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: 'Invalid authentication credentials' });
  });

  it('takes the key from the query string, uses it as the bearer token and hides it from PostgREST', async () => {
    const rpc = await fetch(`${api}/rest/v1/rpc/edge_echo?p=hello&apikey=${anonKey}`);
    expect(rpc.status).toBe(200);
    expect(await rpc.json()).toBe('hello');
    const first = await fetch(`${api}/rest/v1/edge_items?apikey=${serviceKey}&select=label&id=eq.1`);
    expect(await first.json()).toEqual([{ label: 'one' }]);
    const last = await fetch(`${api}/rest/v1/edge_items?select=label&id=eq.2&apikey=${serviceKey}`);
    expect(await last.json()).toEqual([{ label: 'two' }]);
  });

  it('passes filters and encoded values through to PostgREST untouched', async () => {
    const response = await fetch(`${api}/rest/v1/edge_items?select=label&label=in.(%22one%22,two)&order=id`, {
      headers: asService(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ label: 'one' }, { label: 'two' }]);
  });

  it('refuses UPDATE and DELETE without a filter (safeupdate), not with one, not on RPCs', async () => {
    const headers = { ...asService(), 'content-type': 'application/json' };
    const update = await fetch(`${api}/rest/v1/edge_items?select=id`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ label: 'x' }),
    });
    expect(update.status).toBe(400);
    expect(await update.json()).toMatchObject({ code: '21000', message: 'UPDATE requires a WHERE clause' });
    const remove = await fetch(`${api}/rest/v1/edge_items?apikey=${serviceKey}&order=id`, {
      method: 'DELETE',
      headers,
    });
    expect(remove.status).toBe(400);
    expect(await remove.json()).toMatchObject({ message: 'DELETE requires a WHERE clause' });
    const filtered = await fetch(`${api}/rest/v1/edge_items?label=eq.three`, { method: 'DELETE', headers });
    expect(filtered.status).toBe(204);
    const { rows } = await running.stack.ctx.db.pool.query('select label from public.edge_items order by id');
    expect(rows.map((r: { label: string }) => r.label)).toEqual(['one', 'two']);
  });

  it('answers preflights itself and exposes the headers supabase-js reads', async () => {
    const preflight = await fetch(`${api}/storage/v1/object/b/x.png`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, x-upsert',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, x-upsert');
    const read = await fetch(`${api}/rest/v1/edge_items?select=id`, {
      headers: { ...asService(), origin: 'http://app.test', prefer: 'count=exact' },
    });
    expect(read.headers.get('content-range')).toBe('0-1/2');
    expect(read.headers.get('access-control-expose-headers')).toContain('content-range');
    expect(read.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(read.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('routes auth and storage to their services and unknown paths to a JSON 404', async () => {
    const settings = await fetch(`${api}/auth/v1/settings`, { headers: { apikey: anonKey } });
    expect(settings.status).toBe(200);
    expect(await settings.json()).toHaveProperty('external');
    const buckets = await fetch(`${api}/storage/v1/bucket`, { headers: asService() });
    expect(buckets.status).toBe(200);
    const nowhere = await fetch(`${api}/graphql/v2/x`, { headers: { apikey: anonKey } });
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({ message: 'no Route matched with those values' });
  });

  it('counts sign-in attempts per client even when the client claims another address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${api}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: {
          apikey: anonKey,
          'content-type': 'application/json',
          'x-real-ip': `203.0.113.${i}`,
          'x-forwarded-for': `198.51.100.${i}`,
        },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password' }),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });
});
