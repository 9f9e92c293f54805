import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LOCAL_JWT_SECRET } from '../../supabase/local/config.ts';
import { signJwt } from '../../supabase/local/jwt.ts';
import { mailTo, serviceClient, stackInfo, uniqueEmail } from '../support/clients.ts';
import { currentLane } from '../../harness/stack.ts';

// Two agents at once need a real PostgreSQL: PGlite is one session, so requests there never overlap.
const ON_POSTGRES = currentLane() === 'postgres';
const SKIP_REASON = 'moderation races run on PostgreSQL only (TEST_LANE=postgres): PGlite serialises every request';

interface Account {
  id: string;
  email: string;
  client: SupabaseClient;
}

/** An account made with the auth admin API, and a client holding an access token signed for it. */
async function account(prefix: string): Promise<Account> {
  const email = uniqueEmail(prefix);
  const created = await serviceClient().auth.admin.createUser({ email, email_confirm: true });
  if (created.error || !created.data.user) throw created.error ?? new Error('no user');
  const id = created.data.user.id;
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt(
    { sub: id, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 3600, email },
    LOCAL_JWT_SECRET,
  );
  const { apiUrl, anonKey } = stackInfo();
  const client = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
  return { id, email, client };
}

interface LogRow {
  id: number;
  actor_id: string;
  action: string;
  after: { moderation_state?: string; status?: string };
}

describe.skipIf(!ON_POSTGRES)(`two agents on one item at once (${ON_POSTGRES ? 'PostgreSQL' : SKIP_REASON})`, () => {
  const origin: [number, number] = [120 + Math.random(), -10 + Math.random()];
  let author: Account;
  let agents: [Account, Account];
  let categoryId: number;

  async function newProposal(title: string): Promise<number> {
    const { data, error } = await author.client
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

  async function log(proposalId: number): Promise<LogRow[]> {
    const { data, error } = await serviceClient()
      .from('moderation_actions')
      .select('id, actor_id, action, after')
      .eq('proposal_id', proposalId)
      .order('id');
    if (error) throw error;
    return data as LogRow[];
  }

  beforeAll(async () => {
    // A district of our own, far from any city; both agents moderate it.
    const [x, y] = origin;
    const ring = [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ];
    const district = await serviceClient()
      .from('districts')
      .insert({
        slug: `mod-race-${Date.now().toString(36)}`,
        name: 'Moderation race',
        geometry: { type: 'Polygon', coordinates: [ring] },
      })
      .select('id')
      .single();
    if (district.error) throw district.error;
    const categories = await serviceClient().from('categories').select('id').limit(1);
    if (categories.error || categories.data.length === 0) throw categories.error ?? new Error('no category');
    categoryId = categories.data[0]!.id as number;
    author = await account('mod-race-author');
    agents = [await account('mod-race-agent-a'), await account('mod-race-agent-b')];
    const roles = await serviceClient()
      .from('user_roles')
      .insert(agents.map((a) => ({ user_id: a.id, role: 'agent', district_id: district.data.id })));
    if (roles.error) throw roles.error;
  }, 120_000);

  it('hide and restore at the same moment, 15 times: every action is logged, the last committed one wins', async () => {
    const proposalId = await newProposal('Contested bench');
    const [a, b] = agents;
    for (let round = 0; round < 15; round += 1) {
      const results = await Promise.all([
        a.client.rpc('moderate_proposal', { p_proposal_id: proposalId, p_action: 'hide', p_reason: 'offensive' }),
        b.client.rpc('moderate_proposal', { p_proposal_id: proposalId, p_action: 'restore', p_reason: 'compliant' }),
      ]);
      expect(results.map((r) => r.error)).toEqual([null, null]);
    }
    const entries = await log(proposalId);
    expect(entries).toHaveLength(30);
    expect(entries.filter((e) => e.actor_id === a.id && e.action === 'hide')).toHaveLength(15);
    expect(entries.filter((e) => e.actor_id === b.id && e.action === 'restore')).toHaveLength(15);
    const row = await serviceClient()
      .from('proposals')
      .select('moderation_state, moderation_reason')
      .eq('id', proposalId)
      .single();
    const last = entries.at(-1)!;
    expect(row.data!.moderation_state).toBe(last.after.moderation_state);
    expect(row.data!.moderation_reason).toBe(last.action === 'hide' ? 'offensive' : 'compliant');

    // The author's newest email tells the final state, whoever won (in the city's language: the
    // test stack's synthetic city is French).
    await expect
      .poll(async () => (await mailTo(author.email))[0]?.subject, { timeout: 15_000 })
      .toBe(
        last.after.moderation_state === 'hidden'
          ? 'Votre proposition « Contested bench » a été masquée'
          : 'Votre proposition « Contested bench » est de nouveau publique',
      );
  });

  it('two different statuses with answers at once: both logged, the sheet shows the last committed one', async () => {
    const proposalId = await newProposal('Contested crossing');
    const [a, b] = agents;
    const results = await Promise.all([
      a.client.rpc('set_proposal_status', {
        p_proposal_id: proposalId,
        p_status: 'accepted',
        p_answer: 'Yes, next year.',
      }),
      b.client.rpc('set_proposal_status', {
        p_proposal_id: proposalId,
        p_status: 'declined',
        p_answer: 'No, too costly.',
      }),
    ]);
    expect(results.map((r) => r.error)).toEqual([null, null]);
    const entries = await log(proposalId);
    expect(entries.map((e) => e.action)).toEqual(['set_status', 'set_status']);
    expect(new Set(entries.map((e) => e.actor_id))).toEqual(new Set([a.id, b.id]));
    const row = await serviceClient().from('proposals').select('status, official_answer').eq('id', proposalId).single();
    expect(row.data!.status).toBe(entries[1]!.after.status);
    expect(row.data!.official_answer).toBe(row.data!.status === 'accepted' ? 'Yes, next year.' : 'No, too costly.');
  });
});
