import {
  closedReasonOf,
  isApiError,
  votingClosedReason,
  type ApiErrorCode,
  type Proposal,
  type ProposalsApi,
  type VoteValue,
  type VotingClosedReason,
} from '../api/index.ts';
import { emptyMap, emptySet, withEntry, withMember, withoutEntry, withoutMember } from '../collections.ts';
import type { ProposalsState } from './proposals.svelte.ts';

/** Why the vote buttons of a proposal are disabled: a reason the app knows, or the server's refusal. */
export type VotingClosed = VotingClosedReason | 'refused';

/**
 * The signed-in person's votes. A vote shows at once (optimistic: the choice and the counters);
 * if the server refuses, both go back to what they were and `errors` says why. The server's
 * answer is the truth: its stored vote and counters replace the optimistic ones.
 */
export class VotesState {
  mine = $state.raw(emptyMap<VoteValue>());
  /** Why the last vote on a proposal failed, by proposal id. */
  errors = $state.raw(emptyMap<ApiErrorCode>());
  /** Proposals whose vote is on its way. */
  pending = $state.raw(emptySet());
  /** Whether the city keeps voting open (city settings). */
  cityOpen = $state(true);
  /** Proposals the server said are closed to votes, with its reason when it gave one. */
  refused = $state.raw(emptyMap<VotingClosed>());

  readonly #api: ProposalsApi;
  readonly #proposals: ProposalsState;

  constructor(api: ProposalsApi, proposals: ProposalsState) {
    this.#api = api;
    this.#proposals = proposals;
  }

  async load(): Promise<void> {
    try {
      this.mine = await this.#api.myVotes();
    } catch {
      this.mine = emptyMap();
    }
  }

  /** Reads whether the city keeps voting open (for visitors too: the buttons say it before anyone signs in). */
  async loadVotingOpen(): Promise<void> {
    try {
      this.cityOpen = await this.#api.votingOpen();
    } catch {
      // Unknown: the buttons stay enabled and the server's refusal, if any, explains.
    }
  }

  clear(): void {
    this.mine = emptyMap();
    this.errors = emptyMap();
  }

  /** Why voting on this proposal is closed, or null while it is open. */
  closed(proposal: Proposal): VotingClosed | null {
    return votingClosedReason(proposal, this.cityOpen) ?? this.refused.get(proposal.id) ?? null;
  }

  /** Agree (1), disagree (-1) or withdraw (null). */
  async vote(proposalId: string, value: VoteValue | null): Promise<void> {
    const before = this.mine.get(proposalId) ?? null;
    if (before === value || this.pending.has(proposalId)) return;
    const proposal = this.#proposals.byId.get(proposalId);
    const counts = proposal ? { agree: proposal.agree, disagree: proposal.disagree } : null;
    this.#setVote(proposalId, value);
    this.errors = withoutEntry(this.errors, proposalId);
    this.pending = withMember(this.pending, proposalId);
    if (counts) {
      const delta = (v: VoteValue | null, side: VoteValue): number => (v === side ? 1 : 0);
      this.#proposals.setCounts(proposalId, {
        agree: counts.agree - delta(before, 1) + delta(value, 1),
        disagree: counts.disagree - delta(before, -1) + delta(value, -1),
      });
    }
    try {
      const stored = await this.#api.vote(proposalId, value);
      this.#setVote(proposalId, stored.vote);
      this.#proposals.setCounts(proposalId, { agree: stored.agree, disagree: stored.disagree });
    } catch (error) {
      this.#setVote(proposalId, before);
      if (counts) this.#proposals.setCounts(proposalId, counts);
      const code = isApiError(error) ? error.code : 'unknown';
      this.errors = withEntry(this.errors, proposalId, code);
      if (isApiError(error) && code === 'voting_closed') {
        this.refused = withEntry(this.refused, proposalId, closedReasonOf(error.hint) ?? 'refused');
      }
    } finally {
      this.pending = withoutMember(this.pending, proposalId);
    }
  }

  #setVote(proposalId: string, value: VoteValue | null): void {
    this.mine = value === null ? withoutEntry(this.mine, proposalId) : withEntry(this.mine, proposalId, value);
  }
}
