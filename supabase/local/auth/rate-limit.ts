import type { StackConfig } from '../config.ts';
import { asSuperuser } from '../db/database.ts';
import { authError } from './errors.ts';
import type { Call } from './call.ts';
import type { Db } from './users.ts';

/** Endpoint groups limited per client address, over 5 minutes (the CLI's `[auth.rate_limit]`). */
export type LimitGroup = 'sign_in' | 'verify' | 'token_refresh';

const FIVE_MINUTES = 300;
const ONE_HOUR = 3600;

function limitOf(config: StackConfig, group: LimitGroup): number {
  const limits = config.rateLimits;
  if (group === 'sign_in') return limits.signInSignUpPer5Min;
  if (group === 'verify') return limits.verifyPer5Min;
  return limits.tokenRefreshPer5Min;
}

/** Counts one hit in a fixed window kept in auth.rate_limits (so restarts do not reset it); returns the count. */
async function hit(db: Db, key: string, windowSeconds: number): Promise<number> {
  const { rows } = await db.query<{ hits: number }>(
    `insert into auth.rate_limits as r (key, window_start, hits) values ($1, now(), 1)
     on conflict (key) do update set
       hits = case when r.window_start <= now() - make_interval(secs => $2::double precision) then 1 else r.hits + 1 end,
       window_start = case when r.window_start <= now() - make_interval(secs => $2::double precision)
                      then now() else r.window_start end
     returning hits`,
    [key, windowSeconds],
  );
  return rows[0]?.hits ?? 0;
}

/**
 * Counts the request against its group's limit, in its own transaction: a request that then
 * fails (a wrong password) must still count. A limit of 0 means unlimited.
 */
export async function limitRequest(call: Call, group: LimitGroup): Promise<void> {
  const limit = limitOf(call.ctx.config, group);
  if (limit <= 0) return;
  const hits = await asSuperuser(call.ctx.db.pool, (db) => hit(db, `${group}:${call.ip}`, FIVE_MINUTES));
  if (hits > limit) throw authError(429, 'over_request_rate_limit', 'Request rate limit reached');
}

/**
 * Counts one email to `to`, inside the request's transaction: per address (so that requests for
 * made-up addresses cannot use up everyone's budget), and against an hourly ceiling for all
 * addresses together, which protects the SMTP account. An email that is not sent (an unknown
 * address, answered as a known one) counts for its address only, so that made-up addresses cannot
 * use up the ceiling. A limit of 0 means unlimited.
 */
export async function countEmailSent(db: Db, config: StackConfig, to: string, sent = true): Promise<void> {
  const { emailSentPerHour, emailSentTotalPerHour } = config.rateLimits;
  const over = async (key: string, limit: number) => limit > 0 && (await hit(db, key, ONE_HOUR)) > limit;
  if (
    (await over(`email_sent:${to.toLowerCase()}`, emailSentPerHour)) ||
    (sent && (await over('email_sent', emailSentTotalPerHour)))
  ) {
    throw authError(429, 'over_email_send_rate_limit', 'Email rate limit exceeded');
  }
}
