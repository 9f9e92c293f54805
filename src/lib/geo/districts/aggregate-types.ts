/** A proposal as the aggregation reads it (camelCase domain fields; only lng/lat/id required). */
export interface AggregateProposal {
  id: number | string;
  lng: number;
  lat: number;
  title?: string;
  category?: string | null;
  status?: string | null;
  /** ISO 8601. */
  createdAt?: string | null;
  /** Counters kept by the database, used when no votes are given. */
  agreeCount?: number;
  disagreeCount?: number;
  commentCount?: number;
  /** Opaque pseudonymous key of the author, for unique participants; never exported. */
  authorKey?: string | null;
}

/**
 * One vote; `voterKey` is an opaque pseudonymous key used for counting only, never exported.
 * Without it (the dashboard gets no voter keys), voters are not counted as participants.
 */
export interface AggregateVote {
  proposalId: number | string;
  voterKey?: string | null;
  value: 'agree' | 'disagree';
  /** ISO 8601, for bursts. */
  createdAt?: string | null;
  /** ISO 8601 creation time of the voter's account, for the young-account share. */
  voterAccountCreatedAt?: string | null;
  /** Whether the account was young when it voted, when the source says so instead of giving times. */
  voterYoung?: boolean | null;
}

export interface AggregateFilters {
  categories?: readonly string[];
  statuses?: readonly string[];
  /** Proposals created at or after (ISO 8601). */
  from?: string;
  /** Proposals created strictly before (ISO 8601). */
  to?: string;
}

export interface IntegrityOptions {
  /** An account is young when it voted less than this many ms after it was created (default 24 h). */
  youngAccountMs?: number;
  /** Burst: at least `burstVotes` votes on one proposal within `burstWindowMs` (defaults 20, 10 min). */
  burstVotes?: number;
  burstWindowMs?: number;
  /** A district is flagged when young accounts cast more than this share of its votes (default 0.3). */
  youngShareFlag?: number;
  /** Top proposals kept per district (default 5). */
  topCount?: number;
}

export interface TopProposal {
  id: number | string;
  title: string;
  agree: number;
  disagree: number;
  net: number;
}

export interface VoteBurst {
  proposalId: number | string;
  votes: number;
  /** ISO 8601 start of the window. */
  start: string;
}

export interface DistrictIntegrity {
  /** Votes whose time and account creation time are both known. */
  votesWithAccountAge: number;
  votesFromYoungAccounts: number;
  /** null when no vote carries both times. */
  youngAccountShare: number | null;
  bursts: VoteBurst[];
  flagged: boolean;
}

export interface DistrictSummary {
  /** Feature index in the layer. */
  index: number;
  /** feature.id, else properties.slug, else the index as a string. */
  key: string;
  name: string;
  population: number | null;
  proposals: number;
  agree: number;
  disagree: number;
  net: number;
  participants: number;
  participantsPer1000: number | null;
  byCategory: Record<string, number>;
  topProposals: TopProposal[];
  integrity: DistrictIntegrity;
}

export interface ProposalRow {
  id: number | string;
  title: string;
  lng: number;
  lat: number;
  /** Feature index, null outside every district. */
  district: number | null;
  category: string | null;
  status: string | null;
  createdAt: string | null;
  agree: number;
  disagree: number;
  net: number;
  comments: number | null;
}

export interface AggregationResult {
  districts: DistrictSummary[];
  /** Filtered proposals outside every district. */
  outside: number;
  /** Filtered proposals per row, with their district (for the per-proposal exports). */
  proposals: ProposalRow[];
  /** Whether the counts come from votes (true) or from the proposals' counters (false). */
  fromVotes: boolean;
  filters: AggregateFilters;
}
