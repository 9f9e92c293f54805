import type pg from 'pg';
import { renderMail, type MailLocale } from './notifier-templates.ts';

/**
 * Delivers the moderation emails of `private.notification_outbox` into the local mailbox: every
 * `intervalMs`, claims a batch of unsent rows (`for update skip locked`, so two deliverers never
 * send one twice), writes each email to `_local.mailbox` and marks it sent, in one transaction.
 * Production drains the same outbox with a scheduled Edge Function (docs/moderation.md).
 */
export interface NotifierOptions {
  /** The city's language, for recipients whose account states none (fr or en; others → en). */
  cityLocale: string;
  siteUrl: string;
  intervalMs?: number;
}

export interface Notifier {
  /** Delivers what is waiting now; resolves with the number of emails sent. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

interface Row {
  id: string;
  kind: string;
  proposal_id: string | null;
  payload: Record<string, unknown>;
  locale: string | null;
  email: string | null;
}

function asLocale(value: string | null | undefined): MailLocale | null {
  const base = value?.toLowerCase().slice(0, 2);
  return base === 'fr' || base === 'en' ? base : null;
}

export function startNotifier(pool: pg.Pool, options: NotifierOptions): Notifier {
  const fallback = asLocale(options.cityLocale) ?? 'en';
  let stopped = false;

  async function deliver(): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<Row>(
        `select o.id, o.kind, o.proposal_id, o.payload, o.locale, u.email
         from private.notification_outbox o left join auth.users u on u.id = o.recipient_id
         where o.sent_at is null order by o.id limit 100 for update of o skip locked`,
      );
      let sent = 0;
      for (const row of rows) {
        const entry = {
          kind: row.kind,
          proposalId: row.proposal_id === null ? null : Number(row.proposal_id),
          payload: row.payload,
        };
        const mail = row.email ? renderMail(entry, asLocale(row.locale) ?? fallback, options.siteUrl) : null;
        if (mail) {
          await client.query(
            `insert into _local.mailbox (recipient, subject, body_text, kind) values (lower($1), $2, $3, 'notification')`,
            [row.email, mail.subject, mail.text],
          );
          sent += 1;
        }
      }
      // Rows without an address (account deleted) or of an unknown kind are settled too: never retried forever.
      if (rows.length > 0) {
        await client.query('update private.notification_outbox set sent_at = now() where id = any($1::bigint[])', [
          rows.map((r) => r.id),
        ]);
      }
      await client.query('commit');
      return sent;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Deliveries run one after the other. */
  let chain: Promise<unknown> = Promise.resolve();
  let ticking = false;
  function flush(): Promise<number> {
    const next = chain.then(deliver);
    chain = next.catch(() => 0);
    return next;
  }

  const timer = setInterval(() => {
    if (stopped || ticking) return;
    ticking = true;
    flush()
      .catch((error: unknown) => console.error('notifier:', error))
      .finally(() => (ticking = false));
  }, options.intervalMs ?? 1000);
  timer.unref();

  return {
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
