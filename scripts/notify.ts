/**
 * `npm run notify`: delivers the moderation emails of a deployment through the city's SMTP server.
 * The outbox lives in the database's private schema (not reachable through the API), so this connects
 * to the database itself. Runs until Ctrl-C or SIGTERM (a container, a systemd unit), or once with
 * NOTIFY_ONCE=1 (a cron job). Locally, `npm start` delivers into the mailbox instead; run this against
 * the local stack with LOCAL_NOTIFIER=0 to try an SMTP server. docs/moderation.md, "Emails".
 */
import { createTransport } from 'nodemailer';
import pg from 'pg';
import { smtpDelivery } from '../server/notify/smtp-delivery.ts';
import { startNotifier } from '../server/notify/notifier.ts';

const REQUIRED = {
  DATABASE_URL: 'the database connection string (hosted Supabase: Project Settings → Database)',
  SMTP_URL: 'the SMTP server, e.g. smtps://user:password@smtp.example.org:465',
  MAIL_FROM: 'the sender, e.g. "Idea map <no-reply@example.org>"',
  SITE_URL: 'the address of the app, for the links in the emails',
} as const;

const missing = Object.entries(REQUIRED).filter(([name]) => !process.env[name]);
if (missing.length > 0) {
  console.error(`npm run notify needs:\n${missing.map(([name, what]) => `  ${name}: ${what}`).join('\n')}`);
  process.exit(2);
}
const env = process.env as Record<keyof typeof REQUIRED, string> & NodeJS.ProcessEnv;

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
const transport = createTransport(env.SMTP_URL);
const notifier = startNotifier(pool, {
  cityLocale: env.CITY_LOCALE ?? 'en',
  siteUrl: env.SITE_URL,
  deliver: smtpDelivery(transport, env.MAIL_FROM),
  intervalMs: Number(env.NOTIFY_INTERVAL_MS ?? 30_000),
});

// The notifier's timer does not hold a process (the local stack's must not); this process lives for it.
const alive = env.NOTIFY_ONCE === '1' ? undefined : setInterval(() => undefined, 3_600_000);

async function stop(code: number): Promise<never> {
  clearInterval(alive);
  await notifier.stop();
  transport.close();
  await pool.end();
  process.exit(code);
}

if (env.NOTIFY_ONCE === '1') {
  const sent = await notifier.flush().catch((error: unknown) => {
    console.error('notify:', error instanceof Error ? error.message : error);
    return stop(1);
  });
  console.log(`${sent} email(s) sent`);
  await stop(0);
} else {
  console.log('Delivering the moderation emails; Ctrl-C stops.');
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}
