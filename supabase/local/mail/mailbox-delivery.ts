import type { Delivery } from '../../../server/notify/notifier.ts';

/** Local delivery: into `_local.mailbox`, in the claiming transaction. */
export const mailboxDelivery: Delivery = async (mail, client) => {
  await client.query(
    `insert into _local.mailbox (recipient, subject, body_text, kind) values (lower($1), $2, $3, 'notification')`,
    [mail.to, mail.subject, mail.text],
  );
};
