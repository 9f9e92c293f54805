import { createServer, type Server } from 'node:http';
import type pg from 'pg';
import { sendJson } from '../http.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** confirmation, magic_link, recovery, notification, … */
  kind: string;
}

export interface StoredMail extends Mail {
  id: number;
  sentAt: string;
}

/** "Sends" an email: it lands in the local mailbox (table `_local.mailbox`). */
export async function sendMail(pool: pg.Pool | pg.PoolClient, mail: Mail): Promise<void> {
  await pool.query('insert into _local.mailbox (recipient, subject, body_text, kind) values ($1, $2, $3, $4)', [
    mail.to.toLowerCase(),
    mail.subject,
    mail.text,
    mail.kind,
  ]);
}

export async function listMail(pool: pg.Pool, recipient?: string): Promise<StoredMail[]> {
  const { rows } = await pool.query<{
    id: string;
    sent_at: Date;
    recipient: string;
    subject: string;
    body_text: string;
    kind: string;
  }>(
    `select id, sent_at, recipient, subject, body_text, kind from _local.mailbox
     where $1::text is null or recipient = lower($1) order by id desc limit 200`,
    [recipient ?? null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sentAt: r.sent_at.toISOString(),
    to: r.recipient,
    subject: r.subject,
    text: r.body_text,
    kind: r.kind,
  }));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(mails: StoredMail[]): string {
  const items = mails
    .map(
      (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p><b>To:</b> ${escapeHtml(m.to)} · <time>${escapeHtml(m.sentAt)}</time> · ${escapeHtml(m.kind)}</p>
<pre>${escapeHtml(m.text).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}
article{border-bottom:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap}</style></head>
<body><h1>Local mailbox</h1><p>Emails sent by the local stack, newest first. Filter: <code>?to=email</code>.
JSON: <code>/api/messages?to=email</code>.</p>${items || '<p>No email yet.</p>'}</body></html>`;
}

/** The mailbox a person reads in a browser (Supabase's CLI shows one on :54324) and tests read as JSON. */
export function startMailbox(pool: pg.Pool, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const to = url.searchParams.get('to') ?? undefined;
    const respond = async () => {
      // An address is printable text of at most 320 characters (Postgres cannot even hold a NUL).
      if (to !== undefined && (to.length > 320 || /[\p{Cc}\uFFFD]/u.test(to))) {
        sendJson(res, 400, { error: 'to must be an e-mail address' });
      } else if (req.method === 'GET' && url.pathname === '/api/messages') {
        sendJson(res, 200, await listMail(pool, to));
      } else if (req.method === 'DELETE' && url.pathname === '/api/messages') {
        await pool.query('delete from _local.mailbox');
        sendJson(res, 200, { deleted: true });
      } else if (req.method === 'GET' && url.pathname === '/') {
        const html = page(await listMail(pool, to));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      } else {
        sendJson(res, 404, { error: 'not found' });
      }
    };
    respond().catch(() => sendJson(res, 500, { error: 'mailbox unavailable' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
