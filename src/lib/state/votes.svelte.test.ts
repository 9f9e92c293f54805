import { describe, expect, it } from 'vitest';
import {
  ApiError,
  type CategoriesApi,
  type Proposal,
  type ProposalsApi,
  type VoteResult,
  type VoteValue,
} from '../api/index.ts';
import { ProposalsState } from './proposals.svelte.ts';
import { VotesState } from './votes.svelte.ts';

const proposal = { id: '7', agree: 3, disagree: 1, moderationState: 'published', status: 'new' } as Proposal;

/** A fake API whose vote waits for `release`; it refuses with `refusal` when one is given. */
function setup(options: { refusal?: ApiError; answer?: (value: VoteValue | null) => VoteResult } = {}) {
  let release: () => void = () => {};
  const answer =
    options.answer ??
    ((value: VoteValue | null) => ({
      agree: 3 + (value === 1 ? 1 : 0),
      disagree: 1 + (value === -1 ? 1 : 0),
      vote: value,
    }));
  let cityOpen = true;
  const api = {
    myVotes: async () => new Map<string, VoteValue>(),
    votingOpen: async () => cityOpen,
    vote: (_id: string, value: VoteValue | null) =>
      new Promise((resolve, reject) => {
        release = () => (options.refusal ? reject(options.refusal) : resolve(answer(value)));
      }),
  } as unknown as ProposalsApi;
  const categories: CategoriesApi = { list: async () => [] };
  const proposals = new ProposalsState(api, categories);
  return {
    proposals,
    votes: new VotesState(api, proposals),
    release: () => release(),
    closeCity: () => (cityOpen = false),
  };
}

describe('VotesState', () => {
  it('shows a vote at once, then keeps the server counters', async () => {
    const { proposals, votes, release } = setup();
    proposals.put(proposal);
    const voting = votes.vote('7', 1);
    expect(votes.mine.get('7')).toBe(1);
    expect(proposals.byId.get('7')?.agree).toBe(4);
    release();
    await voting;
    expect(proposals.byId.get('7')).toMatchObject({ agree: 4, disagree: 1 });
    expect(votes.pending.size).toBe(0);
  });

  it('keeps the vote the server stored, not the one it was asked for', async () => {
    const { proposals, votes, release } = setup({ answer: () => ({ agree: 3, disagree: 2, vote: -1 }) });
    proposals.put(proposal);
    const voting = votes.vote('7', 1);
    release();
    await voting;
    expect(votes.mine.get('7')).toBe(-1);
    expect(proposals.byId.get('7')).toMatchObject({ agree: 3, disagree: 2 });
  });

  it('rolls back the vote and the counters when the server refuses', async () => {
    const { proposals, votes, release } = setup({ refusal: new ApiError('voting_closed', 'voting_closed', 400) });
    proposals.put(proposal);
    const voting = votes.vote('7', -1);
    expect(proposals.byId.get('7')?.disagree).toBe(2);
    release();
    await voting;
    expect(votes.mine.has('7')).toBe(false);
    expect(proposals.byId.get('7')).toMatchObject({ agree: 3, disagree: 1 });
    expect(votes.errors.get('7')).toBe('voting_closed');
  });

  it('after a voting_closed refusal, the proposal is closed for the reason the server gave', async () => {
    const refusal = new ApiError('voting_closed', 'voting_closed', 400, { hint: 'city' });
    const { proposals, votes, release } = setup({ refusal });
    proposals.put(proposal);
    expect(votes.closed(proposal)).toBeNull();
    const voting = votes.vote('7', 1);
    release();
    await voting;
    expect(votes.closed(proposal)).toBe('city');
  });

  it('another refusal does not close voting', async () => {
    const { proposals, votes, release } = setup({ refusal: new ApiError('network', 'offline', 0) });
    proposals.put(proposal);
    const voting = votes.vote('7', 1);
    release();
    await voting;
    expect(votes.closed(proposal)).toBeNull();
  });

  it('knows voting is closed before anyone votes: by the city, or on the proposal', async () => {
    const { votes, closeCity } = setup();
    expect(votes.closed({ ...proposal, status: 'declined' })).toBe('finished');
    expect(votes.closed({ ...proposal, duplicateOf: { id: '1', title: 'Original' } })).toBe('duplicate');
    expect(votes.closed({ ...proposal, moderationState: 'pending' })).toBe('unpublished');
    closeCity();
    await votes.loadVotingOpen();
    expect(votes.closed(proposal)).toBe('city');
  });
});
