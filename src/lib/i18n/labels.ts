import { MODERATION_REASONS, type Category } from '../api/index.ts';
import type { Locale } from './i18n.svelte.ts';
import type { MessageKey } from './en.ts';

// Labels of the domain's codes, shared by every feature (proposals, propose, moderation).

/** The category's name in the language shown. */
export function categoryLabel(category: Category | undefined, locale: Locale): string {
  if (!category) return '';
  return locale === 'fr' ? category.labelFr : category.labelEn;
}

/** Reason codes the screens know a label for (agents' reasons, automatic hiding, corrections). */
const KNOWN = [...MODERATION_REASONS, 'reports', 'correction'] as const;

/** The label of a reason code in the language shown; an unknown code is shown as it is. */
export function reasonLabel(t: (key: MessageKey) => string, code: string | null | undefined): string {
  if (!code) return '';
  return (KNOWN as readonly string[]).includes(code) ? t(`moderation.reason.${code as (typeof KNOWN)[number]}`) : code;
}
