import type { DataSource } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import type {
  ModerationState,
  NewProposal,
  Proposal,
  ProposalPoint,
  ProposalStatus,
  VoteResult,
  VoteValue,
} from './types.ts';

export interface ProposalsApi {
  /**
   * The proposals the caller may read inside [west, south, east, north], as compact points
   * (rpc `proposals_in_bbox`); `truncated` when there were more than the server's limit.
   */
  inBbox(bbox: readonly [number, number, number, number]): Promise<{ points: ProposalPoint[]; truncated: boolean }>;
  /** The full proposals with these ids (those the caller may read), in any order. */
  many(ids: readonly string[]): Promise<Proposal[]>;
  /** One proposal, or ApiError `not_found`. */
  get(id: string): Promise<Proposal>;
  /** Sends a new proposal in the signed-in user's name; the database assigns its district. */
  create(input: NewProposal): Promise<Proposal>;
  /** The signed-in user's votes, by proposal id. */
  myVotes(): Promise<ReadonlyMap<string, VoteValue>>;
  /**
   * Votes, changes the vote, or withdraws it (`null`); resolves the counters and the vote as
   * stored. ApiError `voting_closed` (its `hint`: why) when voting on it is closed.
   */
  vote(proposalId: string, value: VoteValue | null): Promise<VoteResult>;
  /** Whether the city keeps voting open (city_settings, readable by everyone). */
  votingOpen(): Promise<boolean>;
}

const COLUMNS =
  'id, title, description, lng, lat, category_id, district_id, status, official_answer, agree_count, ' +
  'disagree_count, comment_count, author_id, photo_path, created_at, author:profiles!proposals_author_id_fkey(display_name), ' +
  'moderation_state, moderation_reason, moderated_at, original:duplicate_of(id, title), duplicates:proposals!duplicate_of(id, title)';

interface ProposalRef {
  id: number | string;
  title: string;
}

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
  moderation_state: ModerationState;
  moderation_reason: string | null;
  moderated_at: string | null;
  original: ProposalRef | null;
  duplicates: ProposalRef[];
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
    moderationState: row.moderation_state,
    moderationReason: row.moderation_reason,
    moderatedAt: row.moderated_at,
    duplicateOf: row.original && { id: String(row.original.id), title: row.original.title },
    duplicates: (row.duplicates ?? []).map((d) => ({ id: String(d.id), title: d.title })),
  };
}

/** Ids per request for `many` (kept well under URL length limits), and requests in flight. */
const IDS_PER_REQUEST = 300;
const PARALLEL = 4;

const toVoteValue = (value: number | null): VoteValue | null => (value === null ? null : value > 0 ? 1 : -1);

type PointRow = [number, number, number, number, ProposalStatus, string, number, number, number];

export function createProposalsApi(db: DataSource): ProposalsApi {
  const byIds = async (ids: readonly string[]): Promise<Proposal[]> => {
    const { data, error, status } = await db().from('proposals').select(COLUMNS).in('id', ids.map(Number));
    if (error) throw toApiError(error, status);
    return (data as unknown as ProposalRow[]).map(toProposal);
  };
  return {
    async inBbox([west, south, east, north]) {
      // A read: GET, so that a page moving on cancels it harmlessly.
      const { data, error, status } = await db().rpc(
        'proposals_in_bbox',
        { p_min_lng: west, p_min_lat: south, p_max_lng: east, p_max_lat: north, p_include_unpublished: true },
        { get: true },
      );
      if (error) throw toApiError(error, status);
      const { rows, truncated } = data as unknown as { rows: PointRow[]; truncated: boolean };
      const points = rows.map(([id, lng, lat, category, state, , agree, disagree, comments]) => ({
        id: String(id),
        lng,
        lat,
        categoryId: String(category),
        status: state,
        agree,
        disagree,
        comments,
      }));
      return { points, truncated };
    },
    async many(ids) {
      const chunks: string[][] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) chunks.push(ids.slice(i, i + IDS_PER_REQUEST));
      const found: Proposal[] = [];
      for (let i = 0; i < chunks.length; i += PARALLEL) {
        for (const part of await Promise.all(chunks.slice(i, i + PARALLEL).map(byIds))) found.push(...part);
      }
      return found;
    },
    async get(id) {
      const { data, error, status } = await db().from('proposals').select(COLUMNS).eq('id', id).maybeSingle();
      if (error) throw toApiError(error, status);
      if (!data) throw new ApiError('not_found', `no proposal ${id}`, 404);
      return toProposal(data as unknown as ProposalRow);
    },
    async create(input) {
      const { data, error, status } = await db()
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
      const { data, error, status } = await db().from('votes').select('proposal_id, value');
      if (error) throw toApiError(error, status);
      const votes = new Map<string, VoteValue>();
      for (const row of data as { proposal_id: number | string; value: number }[]) {
        votes.set(String(row.proposal_id), toVoteValue(row.value)!);
      }
      return votes;
    },
    async vote(proposalId, value) {
      const { data, error, status } = await db().rpc('cast_vote', {
        p_proposal_id: Number(proposalId),
        p_value: value,
      });
      if (error) throw toApiError(error, status);
      const answer = data as { agree: number; disagree: number; vote: number | null };
      return { agree: answer.agree, disagree: answer.disagree, vote: toVoteValue(answer.vote) };
    },
    async votingOpen() {
      const { data, error, status } = await db().from('city_settings').select('voting_open').maybeSingle();
      if (error) throw toApiError(error, status);
      return (data as { voting_open: boolean } | null)?.voting_open ?? true;
    },
  };
}
