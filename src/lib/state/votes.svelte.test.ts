import { describe, expect, it } from 'vitest';
import { ApiError, type CategoriesApi, type Proposal, type ProposalsApi, type VoteValue } from '../api/index.ts';
import { ProposalsState } from './proposals.svelte.ts';
import { VotesState } from './votes.svelte.ts';

const proposal = { id: '7', agree: 3, disagree: 1 } as Proposal;

function setup(refuse = false) {
  let release: () => void = () => {};
  const api = {
    myVotes: async () => new Map<string, VoteValue>(),
    vote: (_id: string, value: VoteValue | null) =>
      new Promise((resolve, reject) => {
        release = () =>
          refuse
            ? reject(new ApiError('voting_closed', 'closed', 403))
            : resolve({ agree: 3 + (value === 1 ? 1 : 0), disagree: 1 + (value === -1 ? 1 : 0) });
      }),
  } as unknown as ProposalsApi;
  const categories: CategoriesApi = { list: async () => [] };
  const proposals = new ProposalsState(api, categories);
  return { proposals, votes: new VotesState(api, proposals), release: () => release() };
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

  it('rolls back the vote and the counters when the server refuses', async () => {
    const { proposals, votes, release } = setup(true);
    proposals.put(proposal);
    const voting = votes.vote('7', -1);
    expect(proposals.byId.get('7')?.disagree).toBe(2);
    release();
    await voting;
    expect(votes.mine.has('7')).toBe(false);
    expect(proposals.byId.get('7')).toMatchObject({ agree: 3, disagree: 1 });
    expect(votes.errors.get('7')).toBe('voting_closed');
  });
});
