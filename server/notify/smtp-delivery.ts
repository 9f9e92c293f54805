import type { Transporter } from 'nodemailer';
import { MailRefused, type Delivery } from './notifier.ts';

/**
 * Delivery through an SMTP server (the city's), for `npm run notify`. A permanent refusal (5yz reply,
 * RFC 5321, except 503 "bad sequence", which a new connection can get past) is `MailRefused`: the
 * notifier gives that email up; anything else (4yz, connection lost) is tried again later.
 */
export function smtpDelivery(transport: Transporter, from: string): Delivery {
  return async (mail) => {
    try {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600 && code !== 503) {
        throw new MailRefused(error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  };
}
