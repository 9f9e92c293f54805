export { I18n, LOCALES, pickLocale, type Locale, type MessageParams } from './i18n.svelte.ts';
export { provideI18n, useI18n } from './context.ts';
export type { MessageKey } from './en.ts';
