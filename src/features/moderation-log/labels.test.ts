import { describe, expect, it } from 'vitest';
import { I18n } from '../../lib/i18n/index.ts';
import { monthLabel, reasonLabel } from './labels.ts';

describe('moderation log labels', () => {
  it('puts report reasons and the log’s own codes into words, in both languages', () => {
    const en = new I18n('en');
    const fr = new I18n('fr');
    expect(reasonLabel(en, 'spam')).toBe('Spam or advertising');
    expect(reasonLabel(fr, 'spam')).toBe('Spam ou publicité');
    expect(reasonLabel(en, 'reports')).toBe('Reported by several people (hidden automatically)');
    expect(reasonLabel(fr, 'unspecified')).toBe('Aucun motif indiqué');
  });

  it('shows a code it has no words for as it is', () => {
    expect(reasonLabel(new I18n('en'), 'some_new_code')).toBe('some_new_code');
  });

  it('names the month in the reader’s language, whatever the local time zone', () => {
    expect(monthLabel(new I18n('en'), '2026-11-01')).toBe('November 2026');
    expect(monthLabel(new I18n('fr'), '2026-01-01')).toBe('janvier 2026');
  });
});
