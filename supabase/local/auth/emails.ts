import type { StackConfig } from '../config.ts';
import { sendMail } from '../mail/mailbox.ts';
import type { IssuedOtp } from './otp.ts';
import { PKCE_PREFIX } from './pkce.ts';
import { countEmailSent } from './rate-limit.ts';
import type { Db } from './users.ts';

/** The `type` of an email's verify link. */
export type LinkType = 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change';

/** Emails the service sends; `email_change_current` goes to the address being left. */
export type EmailType = LinkType | 'email_change_current' | 'reauthentication';

const TEMPLATES: Record<EmailType, { kind: string; subject: string; action: string }> = {
  signup: { kind: 'signup', subject: 'Confirm your email address', action: 'confirm your address' },
  invite: { kind: 'invite', subject: 'You have been invited', action: 'accept the invitation' },
  magiclink: { kind: 'magic_link', subject: 'Your sign-in link', action: 'sign in' },
  recovery: { kind: 'recovery', subject: 'Reset your password', action: 'choose a new password' },
  email_change: { kind: 'email_change', subject: 'Confirm your new email address', action: 'confirm this address' },
  email_change_current: {
    kind: 'email_change_current',
    subject: 'Confirm the change of your email address',
    action: 'confirm that you are leaving this address',
  },
  reauthentication: { kind: 'reauthentication', subject: 'Confirm it is you', action: '' },
};

/** GoTrue's verify link: GET /auth/v1/verify signs the user in and redirects to `redirectTo`. */
export function verifyLink(config: StackConfig, type: LinkType, token: string, redirectTo: string): string {
  const query = new URLSearchParams({ token, type, redirect_to: redirectTo });
  return `${config.apiUrl}/auth/v1/verify?${query.toString()}`;
}

/** The link token of an email: in the PKCE flow it carries GoTrue's `pkce_` prefix. */
export const linkToken = (otp: IssuedOtp, pkce: boolean): string => (pkce ? `${PKCE_PREFIX}${otp.token}` : otp.token);

/**
 * Sends a link and code (a code alone for reauthentication) to the local mailbox, counted
 * against the email budget. `email_change_current`'s link is an email_change link.
 */
export async function sendAuthEmail(
  db: Db,
  config: StackConfig,
  to: string,
  type: EmailType,
  otp: IssuedOtp,
  redirectTo: string,
  pkce = false,
): Promise<void> {
  await countEmailSent(db, config, to);
  const template = TEMPLATES[type];
  const linkType: LinkType | undefined =
    type === 'reauthentication' ? undefined : type === 'email_change_current' ? 'email_change' : type;
  const text = [
    ...(linkType
      ? [
          `Follow this link to ${template.action}:`,
          verifyLink(config, linkType, linkToken(otp, pkce), redirectTo),
          '',
          `Or enter this code: ${otp.code}`,
        ]
      : [`Enter this code to confirm it is you: ${otp.code}`]),
    '',
    linkType
      ? 'The link and the code work once and expire in one hour.'
      : 'The code works once and expires in one hour.',
    'If you did not ask for this email, you can ignore it.',
  ].join('\n');
  await sendMail(db, { to, subject: template.subject, text, kind: template.kind });
}
