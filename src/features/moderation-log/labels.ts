import { REPORT_REASONS } from '../../lib/api/index.ts';
import type { I18n } from '../../lib/i18n/index.ts';

/** Reason codes of the log besides the report reasons: automatic hiding, agents' own, none given, corrections. */
const LOG_REASONS = ['reports', 'illegal', 'unspecified', 'correction'] as const;

/** A reason code in words; a code the app has no words for is shown as it is. */
export function reasonLabel(i18n: I18n, code: string): string {
  if ((REPORT_REASONS as readonly string[]).includes(code)) {
    return i18n.t(`report.reason.${code as (typeof REPORT_REASONS)[number]}`);
  }
  if ((LOG_REASONS as readonly string[]).includes(code)) {
    return i18n.t(`log.reason.${code as (typeof LOG_REASONS)[number]}`);
  }
  return code;
}

/** `2026-11-01` → "November 2026" / "novembre 2026" (the month as stored, in UTC). */
export function monthLabel(i18n: I18n, month: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}T00:00:00Z`),
  );
}
