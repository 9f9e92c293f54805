import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonClient } from '../support/clients.ts';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

const FIRENZE = new URL('../../../shared/city-packs/firenze', import.meta.url).pathname;
const ACCOUNTS = ['resident', 'resident2', 'agent', 'agent2', 'planner', 'admin'].map((n) => `${n}@demo.local`);

// The demo city as `npm start` seeds it (SEED_DEMO=1), on the Firenze pack: accounts that sign
// in with demo-password, agents of the first two districts, proposals in every district.
describe.skipIf(!existsSync(FIRENZE))('the demo seed on the Firenze pack', () => {
  let stack: TestStack;
  const client = () => anonClient(stack.config.apiUrl, stack.config.anonKey);

  async function signIn(email: string) {
    const c = client();
    const { data, error } = await c.auth.signInWithPassword({ email, password: 'demo-password' });
    if (error || !data.user) throw error ?? new Error(`no session for ${email}`);
    return { c, id: data.user.id };
  }

  beforeAll(async () => {
    stack = await startTestStack(undefined, { SEED_DEMO: '1', CITY_PACK: FIRENZE });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('casts demo votes from established accounts, as a real consultation would (integrity signals stay quiet)', async () => {
    const { rows } = await stack.stack.ctx.db.pool.query<{ votes: string; young: string; ages_match: boolean }>(`
      select count(*) as votes,
             count(*) filter (where v.created_at - pr.created_at < interval '24 hours') as young,
             bool_and(pr.created_at = u.created_at) as ages_match
      from public.votes v
      join public.profiles pr on pr.id = v.voter_id
      join auth.users u on u.id = v.voter_id`);
    expect(Number(rows[0]!.votes)).toBeGreaterThan(100);
    expect(Number(rows[0]!.young)).toBe(0);
    expect(rows[0]!.ages_match).toBe(true);
  });

  it('lets every demo account sign in with demo-password', async () => {
    for (const email of ACCOUNTS) await expect(signIn(email)).resolves.toBeTruthy();
  });

  it('makes agent@ the agent of the first district and agent2@ of the second, in file order', async () => {
    const districts = await client().from('districts').select('id, slug').order('id');
    expect(districts.data?.map((d) => d.slug)).toEqual([
      'centro-storico',
      'campo-di-marte',
      'gavinana-galluzzo',
      'isolotto-legnaia',
      'rifredi',
    ]);
    for (const [email, slug] of [
      ['agent@demo.local', 'centro-storico'],
      ['agent2@demo.local', 'campo-di-marte'],
    ] as const) {
      const { c, id } = await signIn(email);
      const roles = await c.from('user_roles').select('role, district:districts(slug)').eq('user_id', id);
      expect(roles.data).toEqual([{ role: 'agent', district: { slug } }]);
    }
    const planner = await signIn('planner@demo.local');
    expect((await planner.c.from('user_roles').select('role')).data).toEqual([{ role: 'planner' }]);
    const admin = await signIn('admin@demo.local');
    expect((await admin.c.from('user_roles').select('role').eq('user_id', admin.id)).data).toEqual([{ role: 'admin' }]);
  });

  it('spreads proposals, votes and participants over every district', async () => {
    const { c } = await signIn('planner@demo.local');
    const { data, error } = await c.from('district_summaries').select('slug, proposals, agree, participants');
    expect(error).toBeNull();
    expect(data).toHaveLength(5);
    for (const row of data ?? []) {
      expect(row.proposals).toBeGreaterThanOrEqual(5);
      expect(row.agree).toBeGreaterThan(0);
      expect(row.participants).toBeGreaterThan(5);
    }
  });

  it('gives the agents something to moderate and the public a map', async () => {
    const { c } = await signIn('agent@demo.local');
    const hidden = await c.from('proposals').select('id').eq('moderation_state', 'hidden');
    expect(hidden.data?.length).toBeGreaterThan(0);
    const reports = await c.from('reports').select('id');
    expect(reports.data?.length).toBeGreaterThan(0);
    const map = await client().rpc('proposals_in_bbox', {
      p_min_lng: 11,
      p_min_lat: 43.6,
      p_max_lng: 11.5,
      p_max_lat: 44,
    });
    expect((map.data as { rows: unknown[] }).rows.length).toBeGreaterThanOrEqual(40);
    const names = await client().from('profiles').select('*').limit(3);
    expect(Object.keys(names.data?.[0] ?? {})).not.toContain('email');
  });
});
