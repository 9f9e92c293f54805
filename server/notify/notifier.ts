import type pg from 'pg';
import { renderMail, type MailLocale, type RenderedMail } from './templates.ts';

/**
 * Delivers the moderation emails of `private.notification_outbox`: every `intervalMs`, claims a
 * batch of pending rows (`for update skip locked`, so two deliverers never send one twice), hands
 * each email to `deliver` and records the outcome, in one transaction. Locally `deliver` writes to
 * the mailbox (supabase/local/mail/mailbox-delivery.ts); in production `npm run notify` sends through the city's SMTP
 * server (scripts/notify.ts). A failed email is tried again later (back-off), and given up when the
 * server refuses the address for good or after `MAX_ATTEMPTS`.
 */
export interface NotifierOptions {
  /** The city's language, for recipients whose account states none (fr or en; others → en). */
  cityLocale: string;
  siteUrl: string;
  deliver: Delivery;
  intervalMs?: number;
}

export interface OutgoingMail extends RenderedMail {
  to: string;
}

/** Sends one email; throws `MailRefused` when it must not be tried again. */
export type Delivery = (mail: OutgoingMail, client: pg.PoolClient) => Promise<void>;

/** A refusal that retrying cannot change (the server refused the address or the message for good). */
export class MailRefused extends Error {}

export interface Notifier {
  /** Delivers what is due now; resolves with the number of emails sent. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

export const MAX_ATTEMPTS = 8;
/** Wait before attempt n + 1: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** (attempts - 1), 360);
}

interface Row {
  id: string;
  kind: string;
  proposal_id: string | null;
  payload: Record<string, unknown>;
  locale: string | null;
  email: string | null;
  attempts: number;
}

function asLocale(value: string | null | undefined): MailLocale | null {
  const base = value?.toLowerCase().slice(0, 2);
  return base === 'fr' || base === 'en' ? base : null;
}

export function startNotifier(pool: pg.Pool, options: NotifierOptions): Notifier {
  const fallback = asLocale(options.cityLocale) ?? 'en';
  let stopped = false;

  async function deliverDue(): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<Row>(
        `select o.id, o.kind, o.proposal_id, o.payload, o.locale, o.attempts, u.email
         from private.notification_outbox o left join auth.users u on u.id = o.recipient_id
         where o.sent_at is null and o.given_up_at is null and (o.next_attempt_at is null or o.next_attempt_at <= now())
         order by o.id limit 100 for update of o skip locked`,
      );
      // Rows without an address (account deleted) or of an unknown kind are settled too: never retried forever.
      const settled: string[] = [];
      let sent = 0;
      for (const row of rows) {
        const entry = {
          kind: row.kind,
          proposalId: row.proposal_id === null ? null : Number(row.proposal_id),
          payload: row.payload,
        };
        const mail = row.email ? renderMail(entry, asLocale(row.locale) ?? fallback, options.siteUrl) : null;
        if (!mail || !row.email) {
          settled.push(row.id);
          continue;
        }
        try {
          await client.query('savepoint delivery');
          await options.deliver({ ...mail, to: row.email }, client);
          await client.query('release savepoint delivery');
          settled.push(row.id);
          sent += 1;
        } catch (error) {
          await client.query('rollback to savepoint delivery');
          const attempts = row.attempts + 1;
          const giveUp = error instanceof MailRefused || attempts >= MAX_ATTEMPTS;
          await client.query(
            `update private.notification_outbox
             set attempts = $2, last_error = left($3, 500),
                 next_attempt_at = case when $4 then null else now() + make_interval(mins => $5) end,
                 given_up_at = case when $4 then now() end
             where id = $1`,
            [
              row.id,
              attempts,
              error instanceof Error ? error.message : String(error),
              giveUp,
              retryDelayMinutes(attempts),
            ],
          );
        }
      }
      if (settled.length > 0) {
        await client.query(
          'update private.notification_outbox set sent_at = now(), attempts = attempts + 1 where id = any($1::bigint[])',
          [settled],
        );
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
    const next = chain.then(deliverDue);
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
