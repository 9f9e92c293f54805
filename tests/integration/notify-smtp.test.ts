import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from '@supabase/supabase-js';
import { createTransport, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, startNotifier, type Notifier } from '../../server/notify/notifier.ts';
import { smtpDelivery } from '../../server/notify/smtp-delivery.ts';
import { freePort } from '../../harness/ports.ts';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

/** The Subject header, its RFC 2047 Q-encoded words decoded (what nodemailer writes for non-ASCII). */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n .*)*)/m.exec(raw)?.[1] ?? '';
  return header.replace(/\r?\n /g, '').replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) =>
    Buffer.from(
      word.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8'),
  );
}

interface Received {
  to: string[];
  raw: string;
}

/**
 * `npm run notify` against a real SMTP server on loopback (smtp-server), the stack's own mailbox
 * deliverer switched off: emails arrive, a refused address is given up at once, a busy server is
 * tried again later and not before, and the script itself delivers.
 */
describe('moderation emails through SMTP', () => {
  let stack: TestStack;
  let smtp: SMTPServer;
  let smtpPort: number;
  let transport: Transporter;
  let notifier: Notifier;
  const received: Received[] = [];
  let busy = true;

  async function recipient(prefix: string): Promise<{ id: string; email: string }> {
    const admin = createClient(stack.config.apiUrl, stack.config.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const { data, error } = await admin.auth.admin.createUser({
      email,
      password: 'correct-horse-battery',
      email_confirm: true,
    });
    if (error) throw error;
    return { id: data.user.id, email };
  }

  async function queue(userId: string, title: string): Promise<string> {
    const { rows } = await stack.stack.ctx.db.pool.query<{ id: string }>(
      `insert into private.notification_outbox (recipient_id, kind, payload, locale)
       values ($1, 'proposal_hidden', jsonb_build_object('title', $2::text, 'reason', 'spam'), 'en') returning id`,
      [userId, title],
    );
    return rows[0]!.id;
  }

  async function outbox(id: string) {
    const { rows } = await stack.stack.ctx.db.pool.query(
      `select sent_at, given_up_at, attempts, last_error, next_attempt_at > now() as waiting
       from private.notification_outbox where id = $1`,
      [id],
    );
    return rows[0] as {
      sent_at: Date | null;
      given_up_at: Date | null;
      attempts: number;
      last_error: string | null;
      waiting: boolean | null;
    };
  }

  beforeAll(async () => {
    stack = await startTestStack(undefined, { LOCAL_NOTIFIER: '0' });
    smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('refused-')) {
          return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
        }
        if (address.address.startsWith('busy-') && busy) {
          return callback(Object.assign(new Error('4.2.0 Try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    notifier = startNotifier(stack.stack.ctx.db.pool, {
      cityLocale: 'en',
      siteUrl: 'https://ideas.example.org',
      deliver: smtpDelivery(transport, 'Idea map <no-reply@example.org>'),
      intervalMs: 3_600_000,
    });
  }, 120_000);

  afterAll(async () => {
    await notifier?.stop();
    transport?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await stack?.stop();
  });

  it('sends, gives up on a refused address, and tries a busy server again only when due', async () => {
    const good = await recipient('good');
    const refused = await recipient('refused');
    const later = await recipient('busy');
    const goodRow = await queue(good.id, 'Benches on the square');
    const refusedRow = await queue(refused.id, 'A refused one');
    const laterRow = await queue(later.id, 'A later one');

    expect(await notifier.flush()).toBe(1);
    const mail = received.find((m) => m.to.includes(good.email));
    expect(subjectOf(mail!.raw)).toBe('Your proposal "Benches on the square" was hidden');
    expect(mail?.raw).toContain('It is no longer public. Reason: spam or advertising.');
    expect(mail?.raw).toContain('Content-Type: text/plain; charset=utf-8');
    expect(mail?.raw).toMatch(/^From: Idea map <no-reply@example\.org>/m);
    expect(await outbox(goodRow)).toMatchObject({ given_up_at: null, attempts: 1 });
    expect((await outbox(goodRow)).sent_at).not.toBeNull();

    const gaveUp = await outbox(refusedRow);
    expect(gaveUp).toMatchObject({ sent_at: null, attempts: 1 });
    expect(gaveUp.given_up_at).not.toBeNull();
    expect(gaveUp.last_error).toMatch(/550/);

    const waiting = await outbox(laterRow);
    expect(waiting).toMatchObject({ sent_at: null, given_up_at: null, attempts: 1, waiting: true });
    expect(waiting.last_error).toMatch(/451/);

    // Not due yet: nothing is sent, even once the server accepts again.
    busy = false;
    expect(await notifier.flush()).toBe(0);
    await stack.stack.ctx.db.pool.query(
      `update private.notification_outbox set next_attempt_at = now() - interval '1 second' where id = $1`,
      [laterRow],
    );
    expect(await notifier.flush()).toBe(1);
    expect(received.filter((m) => m.to.includes(later.email))).toHaveLength(1);
    expect(await outbox(laterRow)).toMatchObject({ given_up_at: null, attempts: 2 });
    expect(received.some((m) => m.to.includes(refused.email))).toBe(false);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts of a server that stays busy`, async () => {
    busy = true;
    const later = await recipient('busy');
    const row = await queue(later.id, 'Never delivered');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await stack.stack.ctx.db.pool.query(
        `update private.notification_outbox set next_attempt_at = null where id = $1`,
        [row],
      );
      expect(await notifier.flush()).toBe(0);
    }
    const state = await outbox(row);
    expect(state).toMatchObject({ sent_at: null, attempts: MAX_ATTEMPTS });
    expect(state.given_up_at).not.toBeNull();
  });

  it('npm run notify (once) delivers what is waiting, and says what it needs when a setting is missing', async () => {
    const person = await recipient('script');
    const row = await queue(person.id, 'Sent by the script');
    const env = {
      ...process.env,
      DATABASE_URL:
        stack.stack.ctx.db.kind === 'postgres'
          ? stack.config.databaseUrl
          : `postgres://postgres:postgres@127.0.0.1:${stack.config.dbPort}/postgres`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Idea map <no-reply@example.org>',
      SITE_URL: 'https://ideas.example.org',
      NOTIFY_ONCE: '1',
    };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/notify.ts'], { cwd: ROOT, env });
    expect(stdout).toMatch(/1 email\(s\) sent/);
    expect(received.filter((m) => m.to.includes(person.email))).toHaveLength(1);
    expect((await outbox(row)).sent_at).not.toBeNull();

    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/notify.ts'], {
      cwd: ROOT,
      env: { ...env, SMTP_URL: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(/SMTP_URL: the SMTP server/);
  });
});
