import { getContext, setContext } from 'svelte';
import type { I18n } from './i18n.svelte.ts';

const KEY = Symbol('i18n');

export function provideI18n(i18n: I18n): I18n {
  return setContext(KEY, i18n);
}

/** The app's I18n, set by App.svelte. */
export function useI18n(): I18n {
  const i18n = getContext<I18n | undefined>(KEY);
  if (!i18n) throw new Error('useI18n() called outside the app');
  return i18n;
}
