/** Domain types the app works with: camelCase, no Supabase shapes (the rows are database.types.ts's). */
import { Constants, type Enums } from './database.types.ts';

export interface SessionUser {
  id: string;
  email: string;
}

/** What the signed-in person may do beyond a resident's rights (roles are kept in the database). */
export interface MyRoles {
  /** Districts this person is a neighbourhood agent of. */
  agentDistrictIds: string[];
  planner: boolean;
  admin: boolean;
}

export type DistrictGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface District {
  id: string;
  slug: string;
  name: string;
  population: number | null;
  geometry: DistrictGeometry;
}

/** Where the app finds its backend (from /config.json). */
export interface ApiConfig {
  apiUrl: string;
  anonKey: string;
}

/** A theme of proposals: a colour on the map and a label in each language. */
export interface Category {
  id: string;
  slug: string;
  labelFr: string;
  labelEn: string;
  color: string;
  icon: string;
}

/** The database's enums, from the generated schema (a renamed value fails the type check). */
export const PROPOSAL_STATUSES = Constants.public.Enums.proposal_status;
export type ProposalStatus = Enums<'proposal_status'>;

export type ModerationState = Enums<'moderation_state'>;

/** Another proposal, named by its title (the original of a duplicate, or its duplicates). */
export interface ProposalRef {
  id: string;
  title: string;
}

/** A proposal as the map, the list and the sheet show it. */
export interface Proposal {
  id: string;
  title: string;
  description: string;
  lng: number;
  lat: number;
  categoryId: string;
  districtId: string | null;
  status: ProposalStatus;
  officialAnswer: string | null;
  agree: number;
  disagree: number;
  comments: number;
  authorId: string;
  authorName: string;
  photoPath: string | null;
  createdAt: string;
  /** Moderation, for "moderated on <date>: <reason>" on the sheet (optional: absent in test fakes). */
  moderationState?: ModerationState;
  moderationReason?: string | null;
  moderatedAt?: string | null;
  /** Closed as a duplicate of this one. */
  duplicateOf?: ProposalRef | null;
  /** Proposals closed as duplicates of this one (those the caller may read). */
  duplicates?: ProposalRef[];
}

/** What the map needs of a proposal (rpc `proposals_in_bbox`): place, colour, activity. */
export type ProposalPoint = Pick<
  Proposal,
  'id' | 'lng' | 'lat' | 'categoryId' | 'status' | 'agree' | 'disagree' | 'comments'
>;

export interface NewProposal {
  title: string;
  description: string;
  categoryId: string;
  lng: number;
  lat: number;
  photoPath?: string | null;
}

/** +1 agree, -1 disagree. */
export type VoteValue = 1 | -1;

export interface VoteCounts {
  agree: number;
  disagree: number;
}

/** What the database answers to a vote: the counters and the caller's vote as stored (null: none). */
export interface VoteResult extends VoteCounts {
  vote: VoteValue | null;
}

/**
 * Why votes on a proposal can be neither cast, changed nor withdrawn (the database's
 * `private.voting_closed_reason`): not published, a duplicate, decided (realised or declined), or
 * the city closed voting.
 */
export const VOTING_CLOSED_REASONS = ['unpublished', 'duplicate', 'finished', 'city'] as const;
export type VotingClosedReason = (typeof VOTING_CLOSED_REASONS)[number];

export interface Comment {
  id: string;
  proposalId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export const REPORT_REASONS = Constants.public.Enums.report_reason;
export type ReportReason = Enums<'report_reason'>;

export interface NewReport {
  proposalId: string;
  /** Null or absent: the report is about the proposal itself. */
  commentId?: string | null;
  reason: ReportReason;
  details: string;
}

/** A published proposal as the dashboard aggregates it (no author). */
export interface DashboardProposal {
  id: string;
  lng: number;
  lat: number;
  title: string;
  /** Category slug. */
  category: string;
  status: string;
  createdAt: string;
  agreeCount: number;
  disagreeCount: number;
  commentCount: number;
}

/** A vote as planners may see it: no voter, only whether the account was under 24 h old. */
export interface DashboardVote {
  proposalId: string;
  value: 'agree' | 'disagree';
  createdAt: string;
  voterYoung: boolean;
}

export interface DashboardData {
  proposals: DashboardProposal[];
  votes: DashboardVote[];
}

/** What an official districts import changed. */
export interface DistrictsImport {
  inserted: number;
  updated: number;
  removed: number;
  reassigned: number;
  outside: number;
  agentRolesRemoved: number;
}
