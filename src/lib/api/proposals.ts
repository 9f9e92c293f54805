import type { SupabaseClient } from '@supabase/supabase-js';
import { ApiError, toApiError } from './errors.ts';
import type { NewProposal, Proposal, ProposalStatus, VoteCounts, VoteValue } from './types.ts';

export interface ProposalsApi {
  /** The proposals the caller may read (published, plus their own), newest first; at most `limit`. */
  list(limit?: number): Promise<Proposal[]>;
  /** One proposal, or ApiError `not_found`. */
  get(id: string): Promise<Proposal>;
  /** Sends a new proposal in the signed-in user's name; the database assigns its district. */
  create(input: NewProposal): Promise<Proposal>;
  /** The signed-in user's votes, by proposal id. */
  myVotes(): Promise<ReadonlyMap<string, VoteValue>>;
  /** Votes, changes the vote, or withdraws it (`null`); returns the new counters. */
  vote(proposalId: string, value: VoteValue | null): Promise<VoteCounts>;
}

const COLUMNS =
  'id, title, description, lng, lat, category_id, district_id, status, official_answer, agree_count, ' +
  'disagree_count, comment_count, author_id, photo_path, created_at, author:profiles!proposals_author_id_fkey(display_name)';

interface ProposalRow {
  id: number | string;
  title: string;
  description: string;
  lng: number;
  lat: number;
  category_id: number | string;
  district_id: number | string | null;
  status: ProposalStatus;
  official_answer: string | null;
  agree_count: number;
  disagree_count: number;
  comment_count: number;
  author_id: string;
  photo_path: string | null;
  created_at: string;
  author: { display_name: string } | null;
}

export function toProposal(row: ProposalRow): Proposal {
  return {
    id: String(row.id),
    title: row.title,
    description: row.description,
    lng: Number(row.lng),
    lat: Number(row.lat),
    categoryId: String(row.category_id),
    districtId: row.district_id === null ? null : String(row.district_id),
    status: row.status,
    officialAnswer: row.official_answer,
    agree: row.agree_count,
    disagree: row.disagree_count,
    comments: row.comment_count,
    authorId: row.author_id,
    authorName: row.author?.display_name ?? '',
    photoPath: row.photo_path,
    createdAt: row.created_at,
  };
}

export function createProposalsApi(client: SupabaseClient): ProposalsApi {
  return {
    async list(limit = 1000) {
      const { data, error, status } = await client
        .from('proposals')
        .select(COLUMNS)
        .order('created_at', { ascending: false })
        .limit(limit);
      if (error) throw toApiError(error, status);
      return (data as unknown as ProposalRow[]).map(toProposal);
    },
    async get(id) {
      const { data, error, status } = await client.from('proposals').select(COLUMNS).eq('id', id).maybeSingle();
      if (error) throw toApiError(error, status);
      if (!data) throw new ApiError('not_found', `no proposal ${id}`, 404);
      return toProposal(data as unknown as ProposalRow);
    },
    async create(input) {
      const { data, error, status } = await client
        .from('proposals')
        .insert({
          title: input.title.trim(),
          description: input.description.trim(),
          category_id: Number(input.categoryId),
          location: { type: 'Point', coordinates: [input.lng, input.lat] },
          photo_path: input.photoPath ?? null,
        })
        .select(COLUMNS)
        .single();
      if (error) throw toApiError(error, status);
      return toProposal(data as unknown as ProposalRow);
    },
    async myVotes() {
      const { data, error, status } = await client.from('votes').select('proposal_id, value');
      if (error) throw toApiError(error, status);
      const votes = new Map<string, VoteValue>();
      for (const row of data as { proposal_id: number | string; value: number }[]) {
        votes.set(String(row.proposal_id), row.value > 0 ? 1 : -1);
      }
      return votes;
    },
    async vote(proposalId, value) {
      const { data, error, status } = await client.rpc('cast_vote', {
        p_proposal_id: Number(proposalId),
        p_value: value,
      });
      if (error) throw toApiError(error, status);
      if (!data) throw new ApiError('not_found', `no proposal ${proposalId}`, 404);
      const counts = data as { agree: number; disagree: number };
      return { agree: counts.agree, disagree: counts.disagree };
    },
  };
}
