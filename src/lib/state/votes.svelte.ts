import { isApiError, type ApiErrorCode, type ProposalsApi, type VoteValue } from '../api/index.ts';
import { emptyMap, emptySet, withEntry, withMember, withoutEntry, withoutMember } from '../collections.ts';
import type { ProposalsState } from './proposals.svelte.ts';

/**
 * The signed-in person's votes. A vote shows at once (optimistic: the choice and the counters);
 * if the server refuses, both go back to what they were and `errors` says why.
 */
export class VotesState {
  mine = $state.raw(emptyMap<VoteValue>());
  /** Why the last vote on a proposal failed, by proposal id. */
  errors = $state.raw(emptyMap<ApiErrorCode>());
  /** Proposals whose vote is on its way. */
  pending = $state.raw(emptySet());

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

  clear(): void {
    this.mine = emptyMap();
    this.errors = emptyMap();
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
      this.#proposals.setCounts(proposalId, await this.#api.vote(proposalId, value));
    } catch (error) {
      this.#setVote(proposalId, before);
      if (counts) this.#proposals.setCounts(proposalId, counts);
      this.errors = withEntry(this.errors, proposalId, isApiError(error) ? error.code : 'unknown');
    } finally {
      this.pending = withoutMember(this.pending, proposalId);
    }
  }

  #setVote(proposalId: string, value: VoteValue | null): void {
    this.mine = value === null ? withoutEntry(this.mine, proposalId) : withEntry(this.mine, proposalId, value);
  }
}
