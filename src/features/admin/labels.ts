import type { AppRole } from '../../lib/api/index.ts';
import type { I18n } from '../../lib/i18n/index.ts';
import { errorMessage } from '../../lib/i18n/errors.ts';
import type { AdminErrorCode } from '../../lib/state/admin-roles.svelte.ts';
import type { SettingsErrorCode } from '../../lib/state/admin-settings.svelte.ts';

const OWN_SENTENCES = ['email_required', 'threshold_range'] as const;
type OwnSentence = (typeof OWN_SENTENCES)[number];

/** The sentence for a refusal of the admin screen: its own words for what the form checks, the app's for the rest. */
export function adminErrorMessage(i18n: I18n, code: AdminErrorCode | SettingsErrorCode): string {
  if ((OWN_SENTENCES as readonly string[]).includes(code)) return i18n.t(`admin.error.${code as OwnSentence}`);
  return errorMessage(i18n, code as Exclude<typeof code, OwnSentence>);
}

export function roleLabel(i18n: I18n, role: AppRole): string {
  return i18n.t(`admin.role.${role}`);
}
