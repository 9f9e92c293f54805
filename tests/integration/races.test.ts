import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LOCAL_JWT_SECRET } from '../../supabase/local/config.ts';
import { signJwt } from '../../supabase/local/jwt.ts';
import { serviceClient, stackInfo, uniqueEmail } from '../support/clients.ts';
import { currentLane } from '../../harness/stack.ts';

// Concurrency needs a real PostgreSQL: PGlite is one session, so requests there never overlap.
const ON_POSTGRES = currentLane() === 'postgres';
const SKIP_REASON = 'races run on PostgreSQL only (TEST_LANE=postgres): PGlite serialises every request';

interface Resident {
  id: string;
  client: SupabaseClient;
}

/**
 * Creates an account with the auth admin API, and a client holding an access token for it.
 * The token is signed with the stack's JWT secret (as GoTrue would sign it) instead of going
 * through 200 password sign-ins, which would measure bcrypt rather than the database.
 */
async function resident(prefix: string): Promise<Resident> {
  const created = await serviceClient().auth.admin.createUser({ email: uniqueEmail(prefix), email_confirm: true });
  if (created.error || !created.data.user) throw created.error ?? new Error('no user');
  const id = created.data.user.id;
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt(
    { sub: id, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 3600, email: created.data.user.email },
    LOCAL_JWT_SECRET,
  );
  const { apiUrl, anonKey } = stackInfo();
  const client = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
  return { id, client };
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

describe.skipIf(!ON_POSTGRES)(`races through the HTTP API (${ON_POSTGRES ? 'PostgreSQL' : SKIP_REASON})`, () => {
  const service = (): SupabaseClient => serviceClient();
  const origin: [number, number] = [100 + Math.random(), 10 + Math.random()];
  let author: Resident;
  let categoryId: number;

  /** A fresh published proposal in the test's own district. */
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

  beforeAll(async () => {
    // A square district of our own, far from any city, so the test needs no city pack.
    const [x, y] = origin;
    const district = await service()
      .from('districts')
      .insert({
        slug: `race-${Date.now().toString(36)}`,
        name: 'Race track',
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
      });
    if (district.error) throw district.error;
    const categories = await service().from('categories').select('id').limit(1);
    if (categories.error) throw categories.error;
    if (categories.data.length > 0) categoryId = categories.data[0]!.id as number;
    else {
      const created = await service()
        .from('categories')
        .insert({ slug: 'race', label_fr: 'Course', label_en: 'Race', color: '#123456', icon: 'flag' })
        .select('id')
        .single();
      if (created.error) throw created.error;
      categoryId = created.data.id as number;
    }
    author = await resident('race-author');
  }, 120_000);

  it('200 identical votes at once: exactly one row, no 5xx', async () => {
    const proposalId = await newProposal('Two hundred clicks');
    const voter = await resident('race-clicker');
    const results = await Promise.all(
      Array.from({ length: 200 }, () => voter.client.from('votes').insert({ proposal_id: proposalId, value: 1 })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.error).map((r) => r.error!.code))).toEqual(new Set(['23505']));
    const rows = await service().from('votes').select('voter_id').eq('proposal_id', proposalId);
    expect(rows.data).toHaveLength(1);
    const counters = await service()
      .from('proposals')
      .select('agree_count, disagree_count')
      .eq('id', proposalId)
      .single();
    expect(counters.data).toEqual({ agree_count: 1, disagree_count: 0 });
  });

  it('the same through cast_vote: 200 identical calls, one row, no error', async () => {
    const proposalId = await newProposal('Two hundred upserts');
    const voter = await resident('race-upserter');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        voter.client.rpc('cast_vote', { p_proposal_id: proposalId, p_value: i % 2 ? 1 : -1 }),
      ),
    );
    expect(results.filter((r) => r.status >= 500 || r.error)).toEqual([]);
    const rows = await service().from('votes').select('value').eq('proposal_id', proposalId);
    expect(rows.data).toHaveLength(1);
    const counters = await service()
      .from('proposals')
      .select('agree_count, disagree_count')
      .eq('id', proposalId)
      .single();
    expect((counters.data!.agree_count as number) + (counters.data!.disagree_count as number)).toBe(1);
    expect(counters.data!.agree_count === 1).toBe(rows.data![0]!.value === 1);
  });

  it('200 different voters at once: the counters equal the rows', async () => {
    const proposalId = await newProposal('Two hundred neighbours');
    const voters = await inBatches(200, 20, (i) => resident(`race-voter-${i}`));
    const results = await Promise.all(
      voters.map((v, i) => v.client.from('votes').insert({ proposal_id: proposalId, value: i % 3 === 0 ? -1 : 1 })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const agree = await service()
      .from('votes')
      .select('*', { count: 'exact', head: true })
      .eq('proposal_id', proposalId)
      .eq('value', 1);
    const disagree = await service()
      .from('votes')
      .select('*', { count: 'exact', head: true })
      .eq('proposal_id', proposalId)
      .eq('value', -1);
    expect((agree.count ?? 0) + (disagree.count ?? 0)).toBe(200);
    const counters = await service()
      .from('proposals')
      .select('agree_count, disagree_count')
      .eq('id', proposalId)
      .single();
    expect(counters.data).toEqual({ agree_count: agree.count, disagree_count: disagree.count });

    // And 200 changes of mind at once.
    const changes = await Promise.all(
      voters.map((v) => v.client.from('votes').update({ value: 1 }).eq('proposal_id', proposalId).eq('voter_id', v.id)),
    );
    expect(changes.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
    const after = await service().from('proposals').select('agree_count, disagree_count').eq('id', proposalId).single();
    expect(after.data).toEqual({ agree_count: 200, disagree_count: 0 });
  });

  it('3 reporters at once: hidden exactly once, one audit entry (5 rounds)', async () => {
    const reporters = await Promise.all([
      resident('race-reporter-a'),
      resident('race-reporter-b'),
      resident('race-reporter-c'),
    ]);
    const proposals = await Promise.all([1, 2, 3, 4, 5].map((n) => newProposal(`Reported ${n}`)));
    const results = await Promise.all(
      proposals.flatMap((proposalId) =>
        reporters.map((r) =>
          r.client.from('reports').insert({ proposal_id: proposalId, reason: 'spam', details: 'race' }),
        ),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    for (const proposalId of proposals) {
      const state = await service()
        .from('proposals')
        .select('moderation_state, moderation_reason')
        .eq('id', proposalId)
        .single();
      expect(state.data).toEqual({ moderation_state: 'hidden', moderation_reason: 'reports' });
      const log = await service().from('moderation_actions').select('action, actor_id').eq('proposal_id', proposalId);
      expect(log.data).toEqual([{ action: 'auto_hide', actor_id: null }]);
    }
  });
});
