import { VOTING_CLOSED_REASONS, type Proposal, type VotingClosedReason } from './types.ts';

/**
 * Why voting on this proposal is closed, from what the app holds of it and of the city; null
 * while it is open. The same rule as the database's `private.voting_closed_reason`, which has the
 * last word: `cast_vote` refuses with `voting_closed` and its reason (`closedReasonOf`).
 */
export function votingClosedReason(proposal: Proposal, cityVotingOpen: boolean): VotingClosedReason | null {
  if (proposal.moderationState !== undefined && proposal.moderationState !== 'published') return 'unpublished';
  if (proposal.duplicateOf) return 'duplicate';
  if (proposal.status === 'realised' || proposal.status === 'declined') return 'finished';
  if (!cityVotingOpen) return 'city';
  return null;
}

/** The reason the database gave with a `voting_closed` refusal (its hint), if it is one the app knows. */
export function closedReasonOf(hint: string | null): VotingClosedReason | null {
  return VOTING_CLOSED_REASONS.find((reason) => reason === hint) ?? null;
}
