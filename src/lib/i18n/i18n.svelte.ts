import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';
import { toDate } from '../collections.ts';

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

/** Keys that come in `.one` / `.other` pairs, named without the suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

const STORAGE_KEY = 'idea-map.locale';

/** The language chosen on this device earlier, if any. */
export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale | null {
  const value = storage?.getItem(STORAGE_KEY);
  return value === 'fr' || value === 'en' ? value : null;
}

export function storeLocale(storage: Pick<Storage, 'setItem'> | undefined, locale: Locale): void {
  storage?.setItem(STORAGE_KEY, locale);
}

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

  /** `key.one` or `key.other`, by the language's plural rules, with `{count}` filled. */
  tn = (key: PluralKey, count: number, params: MessageParams = {}): string => {
    const form = new Intl.PluralRules(this.locale).select(count) === 'one' ? 'one' : 'other';
    return this.t(`${key}.${form}` as MessageKey, { ...params, count });
  };

  formatNumber = (value: number): string => new Intl.NumberFormat(this.locale).format(value);

  formatDate = (iso: string): string =>
    new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(iso));
}
