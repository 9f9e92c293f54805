import { describe, expect, it } from 'vitest';
import { AuthPrompt } from './auth-prompt.svelte.ts';
import { ProposalDraft } from './draft.svelte.ts';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('ProposalDraft', () => {
  it('survives a reload (a new object on the same storage) until it is sent', () => {
    const storage = memoryStorage();
    const draft = new ProposalDraft(storage);
    draft.startPlacing();
    draft.place(11.25, 43.77);
    draft.title = 'Fontanella';
    draft.save();
    const again = new ProposalDraft(storage);
    expect([again.step, again.title, again.lng, again.lat]).toEqual(['form', 'Fontanella', 11.25, 43.77]);
    again.reset();
    expect(new ProposalDraft(storage).title).toBe('');
  });

  it('keeps the text when the person cancels', () => {
    const storage = memoryStorage();
    const draft = new ProposalDraft(storage);
    draft.title = 'Banc';
    draft.cancel();
    expect(new ProposalDraft(storage)).toMatchObject({ step: 'idle', title: 'Banc' });
  });

  it('remembers that a photo was chosen, but not the photo: after a reload it is asked for again', () => {
    const storage = memoryStorage();
    const draft = new ProposalDraft(storage);
    draft.setPhoto(new Blob(['x'], { type: 'image/jpeg' }), 'piazza.jpg');
    expect(draft.photoLost).toBe(false);
    const again = new ProposalDraft(storage);
    expect([again.photo, again.photoName, again.photoLost]).toEqual([null, 'piazza.jpg', true]);
    again.setPhoto(null);
    expect(new ProposalDraft(storage).photoLost).toBe(false);
  });
});

describe('AuthPrompt', () => {
  it('remembers the action across a page load and hands it over once', () => {
    const storage = memoryStorage();
    const prompt = new AuthPrompt(storage);
    prompt.ask({ kind: 'vote', proposalId: '3', value: 1 });
    expect(prompt.open).toBe(true);
    const later = new AuthPrompt(storage);
    expect(later.take()).toEqual({ kind: 'vote', proposalId: '3', value: 1 });
    expect(later.take()).toBeNull();
    expect(new AuthPrompt(storage).pending).toBeNull();
  });
});
