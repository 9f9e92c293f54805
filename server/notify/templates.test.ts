import { describe, expect, it } from 'vitest';
import { renderMail } from './templates.ts';

const SITE = 'http://127.0.0.1:5173';

describe('moderation emails', () => {
  it('tell the author why the proposal was hidden, with a link, in English', () => {
    const mail = renderMail(
      { kind: 'proposal_hidden', proposalId: 12, payload: { title: 'Bench', reason: 'offensive' } },
      'en',
      SITE,
    );
    expect(mail?.subject).toBe('Your proposal "Bench" was hidden');
    expect(mail?.text).toContain('Reason: offensive or hateful content.');
    expect(mail?.text).toContain('http://127.0.0.1:5173/?p=12');
  });

  it('give the status and the official answer in French', () => {
    const mail = renderMail(
      {
        kind: 'proposal_status',
        proposalId: 3,
        payload: { title: 'Arbres', status: 'accepted', answer: 'Au printemps.' },
      },
      'fr',
      SITE,
    );
    expect(mail?.subject).toBe('Votre proposition « Arbres » est maintenant acceptée');
    expect(mail?.text).toContain('La réponse de la ville :\n\nAu printemps.');
  });

  it('link a duplicate to its original, and tell a reporter the outcome without naming anyone', () => {
    const duplicate = renderMail(
      { kind: 'proposal_duplicate', proposalId: 5, payload: { title: 'A', original_id: 2, original_title: 'B' } },
      'en',
      SITE,
    );
    expect(duplicate?.text).toContain('It joins "B", where you can vote: http://127.0.0.1:5173/?p=2');
    const outcome = renderMail(
      { kind: 'report_outcome', proposalId: 5, payload: { title: 'A', target: 'comment', outcome: 'dismissed' } },
      'en',
      SITE,
    );
    expect(outcome?.text).toContain('the comment you reported stays public');
  });

  it('skip a kind this version does not know', () => {
    expect(renderMail({ kind: 'unknown', proposalId: null, payload: {} }, 'en', SITE)).toBeNull();
  });
});
