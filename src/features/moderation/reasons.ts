import type { MessageKey } from '../../lib/i18n/index.ts';

/** Reason codes the screens know a label for (agents' reasons, automatic hiding, corrections). */
const KNOWN = [
  'compliant',
  'spam',
  'offensive',
  'off_topic',
  'personal_data',
  'illegal',
  'duplicate',
  'other',
  'reports',
  'correction',
] as const;

/** The label of a reason code in the language shown; an unknown code is shown as it is. */
export function reasonLabel(t: (key: MessageKey) => string, code: string | null | undefined): string {
  if (!code) return '';
  return (KNOWN as readonly string[]).includes(code) ? t(`moderation.reason.${code as (typeof KNOWN)[number]}`) : code;
}
