import type { StackConfig } from '../config.ts';
import { sendMail } from '../mail/mailbox.ts';
import type { IssuedOtp } from './otp.ts';
import { countEmailSent } from './rate-limit.ts';
import type { Db } from './users.ts';

/** The `type` of an email's verify link. */
export type LinkType = 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change';

/** Emails the service sends (sign-up confirmations are off: the CLI's default autoconfirm). */
type SentLinkType = 'magiclink' | 'recovery' | 'email_change';

const TEMPLATES: Record<SentLinkType, { kind: string; subject: string; action: string }> = {
  magiclink: { kind: 'magic_link', subject: 'Your sign-in link', action: 'sign in' },
  recovery: { kind: 'recovery', subject: 'Reset your password', action: 'choose a new password' },
  email_change: { kind: 'email_change', subject: 'Confirm your new email address', action: 'confirm this address' },
};

/** GoTrue's verify link: GET /auth/v1/verify signs the user in and redirects to `redirectTo`. */
export function verifyLink(config: StackConfig, type: LinkType, token: string, redirectTo: string): string {
  const query = new URLSearchParams({ token, type, redirect_to: redirectTo });
  return `${config.apiUrl}/auth/v1/verify?${query.toString()}`;
}

/** Sends a link and code to the local mailbox, counted against the hourly email limit. */
export async function sendAuthEmail(
  db: Db,
  config: StackConfig,
  to: string,
  type: SentLinkType,
  otp: IssuedOtp,
  redirectTo: string,
): Promise<void> {
  await countEmailSent(db, config);
  const template = TEMPLATES[type];
  const text = [
    `Follow this link to ${template.action}:`,
    verifyLink(config, type, otp.token, redirectTo),
    '',
    `Or enter this code: ${otp.code}`,
    '',
    'The link and the code work once and expire in one hour.',
    'If you did not ask for this email, you can ignore it.',
  ].join('\n');
  await sendMail(db, { to, subject: template.subject, text, kind: template.kind });
}
