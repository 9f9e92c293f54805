import type { QueryData } from '@supabase/supabase-js';
import type { DataClient, DataSource } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import { jsonArray, jsonNumber, jsonObject } from './json.ts';
import {
  PROPOSAL_STATUSES,
  type NewProposal,
  type Proposal,
  type ProposalPoint,
  type ProposalStatus,
  type VoteResult,
  type VoteValue,
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
  'id, title, description, lng, lat, category_id, district_id, status, official_answer, agree_count, disagree_count, comment_count, author_id, photo_path, created_at, author:profiles!proposals_author_id_fkey(display_name), moderation_state, moderation_reason, moderated_at, original:duplicate_of(id, title), duplicates:proposals!duplicate_of(id, title)';

/** A proposal row as `COLUMNS` selects it (typed by the generated schema). */
type ProposalRow = QueryData<ReturnType<typeof selectProposals>>[number];
const selectProposals = (db: DataClient) => db.from('proposals').select(COLUMNS);

/**
 * `proposals!duplicate_of` is the one-to-many side of the self-reference (PostgREST answers a
 * list); postgrest-js types a column hint as to-one, so both shapes are read as a list.
 */
function listOf<T>(value: T | T[] | null): T[] {
  if (Array.isArray(value)) return value;
  return value === null ? [] : [value];
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
    duplicates: listOf(row.duplicates).map((d) => ({ id: String(d.id), title: d.title })),
  };
}

/** Ids per request for `many` (kept well under URL length limits), and requests in flight. */
const IDS_PER_REQUEST = 300;
const PARALLEL = 4;

const toVoteValue = (value: number | null): VoteValue | null => (value === null ? null : value > 0 ? 1 : -1);

const isStatus = (value: unknown): value is ProposalStatus => PROPOSAL_STATUSES.some((s) => s === value);

/** One row of `proposals_in_bbox`: [id, lng, lat, category_id, status, moderation_state, agree, disagree, comments]. */
function toPoint(row: unknown): ProposalPoint {
  if (!Array.isArray(row) || !isStatus(row[4])) throw new ApiError('unknown', 'proposals_in_bbox: a row is malformed');
  const [id, lng, lat, category, , , agree, disagree, comments]: unknown[] = row;
  const status = row[4];
  return {
    id: String(id),
    lng: Number(lng),
    lat: Number(lat),
    categoryId: String(category),
    status,
    agree: Number(agree),
    disagree: Number(disagree),
    comments: Number(comments),
  };
}

export function createProposalsApi(db: DataSource): ProposalsApi {
  const byIds = async (ids: readonly string[]): Promise<Proposal[]> => {
    const { data, error, status } = await selectProposals(db()).in('id', ids.map(Number));
    if (error) throw toApiError(error, status);
    return data.map(toProposal);
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
      const answer = jsonObject(data, 'proposals_in_bbox');
      return { points: jsonArray(answer.rows, 'proposals_in_bbox').map(toPoint), truncated: answer.truncated === true };
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
      const { data, error, status } = await selectProposals(db()).eq('id', Number(id)).maybeSingle();
      if (error) throw toApiError(error, status);
      if (!data) throw new ApiError('not_found', `no proposal ${id}`, 404);
      return toProposal(data);
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
      return toProposal(data);
    },
    async myVotes() {
      const { data, error, status } = await db().from('votes').select('proposal_id, value');
      if (error) throw toApiError(error, status);
      const votes = new Map<string, VoteValue>();
      for (const row of data) {
        votes.set(String(row.proposal_id), toVoteValue(row.value)!);
      }
      return votes;
    },
    async vote(proposalId, value) {
      const { data, error, status } = await db().rpc('cast_vote', {
        p_proposal_id: Number(proposalId),
        ...(value === null ? {} : { p_value: value }),
      });
      if (error) throw toApiError(error, status);
      const answer = jsonObject(data, 'cast_vote');
      const vote = answer.vote === null || answer.vote === undefined ? null : jsonNumber(answer.vote);
      return { agree: jsonNumber(answer.agree), disagree: jsonNumber(answer.disagree), vote: toVoteValue(vote) };
    },
    async votingOpen() {
      const { data, error, status } = await db().from('city_settings').select('voting_open').maybeSingle();
      if (error) throw toApiError(error, status);
      return data?.voting_open ?? true;
    },
  };
}
