import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { I18n, pickLocale } from './i18n.svelte.ts';

describe('pickLocale', () => {
  it('takes the first supported language of the browser', () => {
    expect(pickLocale(['fr-FR', 'en-US'])).toBe('fr');
    expect(pickLocale(['de-DE', 'en-GB', 'fr'])).toBe('en');
    expect(pickLocale(['it-IT', 'FR-be'])).toBe('fr');
  });
  it('falls back to English', () => {
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['de', 'it'])).toBe('en');
  });
});

describe('I18n', () => {
  it('fills placeholders and formats numbers for the language', () => {
    const i18n = new I18n('fr');
    expect(i18n.t('districts.heading', { city: 'Firenze' })).toBe('Quartiers de Firenze');
    expect(i18n.t('districts.population', { count: 64009 })).toBe('64\u202f009 habitants');
    i18n.locale = 'en';
    expect(i18n.t('districts.population', { count: 64009 })).toBe('64,009 inhabitants');
  });

  it('leaves an unknown placeholder visible rather than dropping text', () => {
    expect(new I18n('en').t('map.label')).toBe('Map of {city}');
  });

  it('has every English string in French, none left empty or untranslated by mistake', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).toBeTruthy();
    }
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((key) => en[key] === fr[key]);
    expect(same).toEqual([]);
  });
});
