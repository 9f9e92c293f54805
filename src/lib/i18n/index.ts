export {
  I18n,
  LOCALES,
  pickLocale,
  storeLocale,
  storedLocale,
  type Locale,
  type MessageParams,
  type PluralKey,
} from './i18n.svelte.ts';
export { provideI18n, useI18n } from './context.ts';
export type { MessageKey } from './en.ts';
