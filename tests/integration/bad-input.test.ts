import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

/**
 * A bounded corpus of malformed requests sent to every service (REST, auth, storage, the
 * gateway root and the mailbox) on both edges: each answer is a 4xx with a JSON body (the
 * mailbox may answer plain text, never a 5xx), none hangs, and the stack still serves a normal
 * read afterwards. Requests are written byte by byte on a socket, so that NULs, invalid UTF-8
 * and lying headers reach the server as sent.
 */

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TIMEOUT_MS = 15_000;

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, end).toString(), 16);
    if (end < 0 || !size) return Buffer.concat(parts);
    parts.push(raw.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}

/** Sends one request on its own connection and reads the answer until the server closes it. */
function send(port: number, head: string, body: Buffer = Buffer.alloc(0)): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${TIMEOUT_MS} ms: ${head.split('\r\n')[0]}`));
    }, TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP answer to ${head.split('\r\n')[0]}`));
      const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const rest = raw.subarray(split + 4);
      const content = headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest;
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: content.toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    // A server that refuses a large body may close while it is still being written.
    socket.on('error', finish);
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]), () => undefined);
  });
}

interface Case {
  name: string;
  method: string;
  /** Raw request target, written as is (latin1). */
  target: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** `none`: no API key; `anon` (default) or `service`. */
  key?: 'none' | 'anon' | 'service';
  /** The mailbox answers plain text where the API answers JSON. */
  mailbox?: boolean;
}

const MiB = 1024 * 1024;
const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const json = { 'content-type': 'application/json' };

/** The corpus: malformed bodies, addresses, methods, tokens, ranges and content types. */
function corpus(): Case[] {
  const cases: Case[] = [];
  const add = (c: Case) => cases.push(c);
  const services = ['/rest/v1/proposals', '/auth/v1/signup', '/storage/v1/bucket', '/storage/v1/object/sign/b'];
  for (const target of services) {
    add({ name: `bad JSON on ${target}`, method: 'POST', target, headers: json, body: '{"a": tru' });
    add({ name: `deep JSON on ${target}`, method: 'POST', target, headers: json, body: deep(5000) });
    add({
      name: `invalid UTF-8 body on ${target}`,
      method: 'POST',
      target,
      headers: json,
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    add({
      name: `NUL in JSON on ${target}`,
      method: 'POST',
      target,
      headers: json,
      body: '{"email":"a\\u0000@x.test","name":"\\u0000"}',
    });
    add({ name: `JSON array on ${target}`, method: 'POST', target, headers: json, body: '[1,2,3]' });
    add({
      name: `XML on ${target}`,
      method: 'POST',
      target,
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    add({
      name: `odd charset on ${target}`,
      method: 'POST',
      target,
      headers: { 'content-type': 'application/json; charset=ebcdic' },
      body: '{}',
    });
    add({ name: `forged token on ${target}`, method: 'GET', target, headers: { authorization: 'Bearer a.b.c' } });
    add({
      name: `alg none token on ${target}`,
      method: 'GET',
      target,
      headers: {
        authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"service_role"}').toString('base64url')}.`,
      },
    });
    add({
      name: `invalid UTF-8 header on ${target}`,
      method: 'GET',
      target,
      headers: { authorization: 'Bearer \xff\xfe', 'x-client-info': '\xc3\x28' },
    });
    add({ name: `invalid UTF-8 in the query of ${target}`, method: 'GET', target: `${target}?x=%C3%28` });
    add({ name: `NUL in the query of ${target}`, method: 'GET', target: `${target}?x=a%00b` });
    add({ name: `broken escape in ${target}`, method: 'GET', target: `${target}%zz` });
    add({
      name: `body past the limit on ${target}`,
      method: 'POST',
      target,
      headers: json,
      body: Buffer.alloc(11 * MiB, 0x20),
    });
    add({
      name: `lying content-length on ${target}`,
      method: 'POST',
      target,
      headers: { ...json, 'content-length': String(2 ** 40) },
    });
  }
  for (const filter of [
    'title=eq.%C3%28',
    'title=eq.%00',
    'title=in.(%FF)',
    'select=no_such_column',
    'order=nope.sideways',
    'limit=-1',
    'offset=99999999999999999999',
    'id=eq.notanumber',
    // A long address: PostgREST echoes it in Content-Location.
    `id=eq.${'9'.repeat(4000)}`,
  ]) {
    add({ name: `REST filter ${filter.slice(0, 30)}`, method: 'GET', target: `/rest/v1/proposals?${filter}` });
  }
  add({
    name: 'REST absurd range',
    method: 'GET',
    target: '/rest/v1/proposals',
    headers: { range: '99999999999999999999-1' },
  });
  add({ name: 'REST unknown table', method: 'GET', target: '/rest/v1/no_such_table' });
  add({
    name: 'REST rpc with a bad argument',
    method: 'POST',
    target: '/rest/v1/rpc/cast_vote',
    headers: json,
    body: '{"p_proposal_id":"x","p_value":1e400}',
  });
  add({ name: 'REST PATCH without filter', method: 'PATCH', target: '/rest/v1/proposals', headers: json, body: '{}' });
  add({ name: 'REST without a key', method: 'GET', target: '/rest/v1/proposals', key: 'none' });
  add({
    name: 'REST with a wrong key',
    method: 'GET',
    target: '/rest/v1/proposals',
    key: 'none',
    headers: { apikey: '\x00\xff' },
  });
  add({
    name: 'REST chunked body past the limit',
    method: 'POST',
    target: '/rest/v1/proposals',
    headers: { ...json, 'transfer-encoding': 'chunked' },
    body: Buffer.concat([
      Buffer.from(`${(11 * MiB).toString(16)}\r\n`),
      Buffer.alloc(11 * MiB, 0x20),
      Buffer.from('\r\n0\r\n\r\n'),
    ]),
  });
  for (const [method, target] of [
    ['PUT', '/auth/v1/token?grant_type=password'],
    ['DELETE', '/auth/v1/signup'],
    ['PATCH', '/storage/v1/bucket'],
    ['TRACE', '/rest/v1/proposals'],
    ['BREW', '/auth/v1/settings'],
  ] as const) {
    add({ name: `wrong method ${method} ${target}`, method, target });
  }
  add({
    name: 'auth unknown grant',
    method: 'POST',
    target: '/auth/v1/token?grant_type=nope',
    headers: json,
    body: '{}',
  });
  add({
    name: 'auth email not a string',
    method: 'POST',
    target: '/auth/v1/token?grant_type=password',
    headers: json,
    body: '{"email":{"$ne":1},"password":[]}',
  });
  add({
    name: 'auth huge password',
    method: 'POST',
    target: '/auth/v1/signup',
    headers: json,
    body: JSON.stringify({ email: 'huge@example.test', password: 'x'.repeat(500_000) }),
  });
  // Auth bounds metadata and refuses a NUL in an e-mail (issue 14, part 7).
  add({
    name: 'auth sign-up with metadata 5,000 deep',
    method: 'POST',
    target: '/auth/v1/signup',
    headers: json,
    body: `{"email":"deep@example.test","password":"long-enough-1","data":${deep(5000)}}`,
  });
  add({
    name: 'auth sign-in with a NUL in the e-mail',
    method: 'POST',
    target: '/auth/v1/token?grant_type=password',
    headers: json,
    body: '{"email":"a\\u0000b@example.test","password":"whatever-1"}',
  });
  add({
    name: 'auth verify with a bad token',
    method: 'GET',
    target: '/auth/v1/verify?token=%FF&type=signup',
    key: 'none',
  });
  add({ name: 'auth user without a session', method: 'GET', target: '/auth/v1/user' });
  add({
    name: 'storage absurd range',
    method: 'GET',
    target: '/storage/v1/object/public/b/x.txt',
    headers: { range: 'bytes=99999999999999999999-' },
  });
  add({
    name: 'storage multipart without boundary',
    method: 'POST',
    target: '/storage/v1/object/b/x.txt',
    headers: { 'content-type': 'multipart/form-data' },
    body: '--x\r\n',
  });
  add({ name: 'storage name with a NUL', method: 'POST', target: '/storage/v1/object/b/a%00b.txt', body: 'x' });
  add({ name: 'storage path escape', method: 'GET', target: '/storage/v1/object/public/b/..%2F..%2Fetc%2Fpasswd' });
  add({
    name: 'storage list-v2 with a bad cursor',
    method: 'POST',
    target: '/storage/v1/object/list-v2/b',
    headers: json,
    body: '{"cursor":"\\u0000"}',
  });
  add({
    name: 'storage JSON past 1 MB',
    method: 'POST',
    target: '/storage/v1/object/list/b',
    headers: json,
    body: JSON.stringify({ prefix: 'x'.repeat(2 * MiB) }),
  });
  for (const target of [
    '/',
    '/nothing',
    '/rest/v2/x',
    '/%',
    '/%C3%28',
    '/..%2F..%2Fetc%2Fpasswd',
    `/${'x'.repeat(20_000)}`,
  ]) {
    add({ name: `gateway ${target.slice(0, 30)}`, method: 'GET', target });
  }
  add({ name: 'gateway POST on the root', method: 'POST', target: '/', headers: json, body: '{}' });
  add({
    name: 'headers too large',
    method: 'GET',
    target: '/rest/v1/proposals',
    headers: { 'x-big': 'y'.repeat(40_000) },
  });
  for (const query of ['to=%00', 'to=%C3%28', `to=${'a'.repeat(5000)}`, 'to=%FF%FE']) {
    add({ name: `mailbox ${query.slice(0, 20)}`, method: 'GET', target: `/api/messages?${query}`, mailbox: true });
  }
  add({ name: 'mailbox unknown path', method: 'POST', target: '/api/nothing', body: '{}', mailbox: true });
  return cases;
}

function requestHead(c: Case, keys: { anon: string; service: string }, body: Buffer): string {
  const headers: Record<string, string> = { host: '127.0.0.1', connection: 'close' };
  const key = c.key ?? 'anon';
  if (key !== 'none' && !c.mailbox) {
    headers.apikey = keys[key];
    headers.authorization = `Bearer ${keys[key]}`;
  }
  Object.assign(headers, c.headers);
  if (!('content-length' in headers) && !('transfer-encoding' in headers) && body.length > 0) {
    headers['content-length'] = String(body.length);
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${c.method} ${c.target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

describe.each(['nginx', 'node'] as const)('bad input through the %s edge', (edge) => {
  let running: TestStack;

  beforeAll(async () => {
    running = await startTestStack(undefined, { GATEWAY: edge });
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** The cases whose answer is not a 4xx (JSON from the API), as `name: status body`. */
  async function misanswered(cases: Case[]): Promise<string[]> {
    const keys = { anon: running.config.anonKey, service: running.config.serviceRoleKey };
    const wrong: string[] = [];
    for (const c of cases) {
      const body = typeof c.body === 'string' ? Buffer.from(c.body) : (c.body ?? Buffer.alloc(0));
      const port = c.mailbox ? running.config.mailboxPort : running.config.apiPort;
      const sent = c.headers?.['content-length'] ? Buffer.alloc(0) : body;
      const answer = await send(port, requestHead(c, keys, body), sent);
      const isJson = (() => {
        try {
          JSON.parse(answer.body);
          return /json/.test(answer.headers['content-type'] ?? '');
        } catch {
          return false;
        }
      })();
      const ok = answer.status >= 400 && answer.status < 500 && (c.mailbox || isJson);
      if (!ok) wrong.push(`${c.name}: ${answer.status} ${answer.body.slice(0, 120)}`);
    }
    return wrong;
  }

  it('answers every malformed request with a 4xx (JSON from the API), without hanging', async () => {
    expect(await misanswered(corpus())).toEqual([]);
  });

  it('still serves normal reads afterwards', async () => {
    const api = running.config.apiUrl;
    const headers = { apikey: running.config.anonKey };
    const rest = await fetch(`${api}/rest/v1/categories?select=id&limit=1`, { headers });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual(expect.any(Array));
    expect((await fetch(`${api}/auth/v1/settings`, { headers })).status).toBe(200);
    expect(
      (
        await fetch(`${api}/storage/v1/bucket`, {
          headers: { ...headers, authorization: `Bearer ${running.config.anonKey}` },
        })
      ).status,
    ).toBe(200);
    expect((await fetch(`${running.mailboxUrl}/api/messages`)).status).toBe(200);
  });
});
