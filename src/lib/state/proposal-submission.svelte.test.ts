import { describe, expect, it } from 'vitest';
import { ApiError, type NewProposal, type PhotosApi, type Proposal, type ProposalsApi } from '../api/index.ts';
import { ProposalDraft } from './draft.svelte.ts';
import { ProposalSubmission } from './proposal-submission.svelte.ts';
import { ProposalsState } from './proposals.svelte.ts';
import { Route } from './route.svelte.ts';

/** Fakes of the photo and proposal services that record what they were sent. */
function setup({ refusePhoto = false, refuseProposal = false } = {}) {
  const sent: NewProposal[] = [];
  const progress: number[] = [];
  const photos: PhotosApi = {
    upload: async (_photo, onprogress) => {
      onprogress?.(0.5);
      progress.push(submission.progress!);
      if (refusePhoto) throw new ApiError('network', 'connection lost', 0);
      return 'user/photo.jpg';
    },
    url: async (path) => path,
  };
  const api = {
    create: async (input: NewProposal) => {
      sent.push(input);
      if (refuseProposal) throw new ApiError('outside_city', 'outside', 400);
      return { id: '99', title: input.title } as Proposal;
    },
  } as unknown as ProposalsApi;
  const proposals = new ProposalsState(api, { list: async () => [] });
  const draft = new ProposalDraft();
  draft.place(11.25, 43.77);
  draft.title = 'Fontanella';
  const pushed: string[] = [];
  const history = {
    pushState: (_: unknown, __: string, href?: string | URL | null) => pushed.push(String(href)),
    replaceState: () => {},
  };
  const route = new Route({ pathname: '/', search: '?cat=3', hash: '' }, history);
  const submission = new ProposalSubmission(photos, proposals, draft, route);
  return { submission, sent, progress, draft, route, proposals, pushed };
}

describe('ProposalSubmission', () => {
  it('uploads the photo, sends the proposal, clears the draft and the filters, and opens it', async () => {
    const { submission, sent, progress, draft, route, proposals } = setup();
    draft.setPhoto(new Blob(['jpeg']), 'photo.jpg');
    await submission.send();
    expect(progress).toEqual([0.5]);
    expect(sent).toEqual([
      { title: 'Fontanella', description: '', categoryId: '', lng: 11.25, lat: 43.77, photoPath: 'user/photo.jpg' },
    ]);
    expect(proposals.byId.has('99')).toBe(true);
    expect([draft.step, draft.title, draft.photo]).toEqual(['idle', '', null]);
    expect(route.filters.categoryId).toBeNull();
    expect(route.proposalId).toBe('99');
    expect([submission.sending, submission.progress, submission.error]).toEqual([false, null, null]);
  });

  it('keeps the draft and sends nothing when the photo is refused', async () => {
    const { submission, sent, draft, route } = setup({ refusePhoto: true });
    draft.setPhoto(new Blob(['jpeg']), 'photo.jpg');
    await submission.send();
    expect(sent).toEqual([]);
    expect(submission.error).toBe('network');
    expect([draft.step, draft.title]).toEqual(['form', 'Fontanella']);
    expect(route.proposalId).toBeNull();
  });

  it('keeps the draft and the filters when the proposal is refused', async () => {
    const { submission, sent, draft, route } = setup({ refuseProposal: true });
    await submission.send();
    expect(sent[0]?.photoPath).toBeNull();
    expect(submission.error).toBe('outside_city');
    expect([draft.step, draft.title]).toEqual(['form', 'Fontanella']);
    expect(route.filters.categoryId).toBe('3');
    expect(route.proposalId).toBeNull();
  });

  it('sends nothing before the place is chosen', async () => {
    const { submission, sent, draft } = setup();
    draft.lng = null;
    await submission.send();
    expect(sent).toEqual([]);
  });
});
