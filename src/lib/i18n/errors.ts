import type { ApiErrorCode } from '../api/index.ts';
import type { MessageKey } from './en.ts';
import type { I18n } from './i18n.svelte.ts';

/** The plain sentence for an API error code; the type makes every code need a sentence. */
export function errorMessage(i18n: I18n, code: ApiErrorCode): string {
  const key: MessageKey = `error.${code}`;
  return i18n.t(key);
}
