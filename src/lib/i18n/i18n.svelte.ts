import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** The first supported language in the browser's preference list; English otherwise. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

export type MessageParams = Record<string, string | number>;

/**
 * The current language and its strings. `t` fills `{name}` placeholders with text, never HTML:
 * Svelte renders the result as a text node.
 */
export class I18n {
  locale = $state<Locale>('en');

  constructor(locale: Locale) {
    this.locale = locale;
  }

  t = (key: MessageKey, params: MessageParams = {}): string => {
    const template = DICTIONARIES[this.locale][key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.formatNumber(value) : value;
    });
  };

  formatNumber = (value: number): string => new Intl.NumberFormat(this.locale).format(value);
}
