/**
 * Phoenix channel messages as Supabase Realtime exchanges them. `1.0.0`: JSON objects.
 * `2.0.0`: JSON arrays `[join_ref, ref, topic, event, payload]`, plus binary frames for user
 * broadcasts (kind 3 from the client, kind 4 to the client; see realtime-js lib/serializer.ts).
 */
export type Vsn = '1.0.0' | '2.0.0';

export interface Message {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

/** A user broadcast as it travels between clients: its body is JSON text or raw bytes. */
export interface UserBroadcast {
  event: string;
  body: Buffer;
  encoding: 'json' | 'binary';
  meta?: Record<string, unknown>;
}

const CLIENT_BROADCAST_PUSH = 3;
const SERVER_BROADCAST = 4;
const BINARY = 0;
const JSON_ENCODING = 1;

export class ProtocolError extends Error {}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function decode(data: Buffer, isBinary: boolean, vsn: Vsn): { message: Message; broadcast?: UserBroadcast } {
  if (isBinary) return decodeBroadcastPush(data);
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch {
    throw new ProtocolError('the frame is not JSON');
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(raw) || raw.length !== 5) throw new ProtocolError('a 2.0.0 frame is a five-element array');
    const [join_ref, ref, topic, event, payload] = raw as unknown[];
    if (typeof topic !== 'string' || typeof event !== 'string') throw new ProtocolError('topic and event are strings');
    return { message: { join_ref: text(join_ref), ref: text(ref), topic, event, payload: record(payload) } };
  }
  const object = record(raw);
  if (typeof object.topic !== 'string' || typeof object.event !== 'string') {
    throw new ProtocolError('topic and event are strings');
  }
  return {
    message: {
      join_ref: text(object.join_ref),
      ref: text(object.ref),
      topic: object.topic,
      event: object.event,
      payload: record(object.payload),
    },
  };
}

function decodeBroadcastPush(data: Buffer): { message: Message; broadcast: UserBroadcast } {
  if (data.length < 7 || data[0] !== CLIENT_BROADCAST_PUSH) throw new ProtocolError('unknown binary frame');
  const sizes = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!];
  const encoding = data[6] === BINARY ? 'binary' : 'json';
  let offset = 7;
  const [joinRef, ref, topic, event, meta] = sizes.map((size) => {
    const part = data.subarray(offset, offset + size).toString('utf8');
    offset += size;
    return part;
  }) as [string, string, string, string, string];
  if (offset > data.length) throw new ProtocolError('truncated binary frame');
  const body = Buffer.from(data.subarray(offset));
  if (encoding === 'json') {
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      throw new ProtocolError('the broadcast body is not JSON');
    }
  }
  const broadcast: UserBroadcast = { event, body, encoding, meta: meta ? record(JSON.parse(meta)) : undefined };
  return {
    message: {
      join_ref: joinRef || null,
      ref: ref || null,
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event },
    },
    broadcast,
  };
}

export function encode(message: Message, vsn: Vsn): string {
  if (vsn === '2.0.0') {
    return JSON.stringify([message.join_ref, message.ref, message.topic, message.event, message.payload]);
  }
  return JSON.stringify(message);
}

/** A broadcast to a subscriber: a JSON message in 1.0.0, a binary kind-4 frame in 2.0.0. */
export function encodeBroadcast(topic: string, broadcast: UserBroadcast, vsn: Vsn): string | Buffer {
  if (vsn === '1.0.0') {
    const payload: Record<string, unknown> = {
      type: 'broadcast',
      event: broadcast.event,
      payload:
        broadcast.encoding === 'json' ? JSON.parse(broadcast.body.toString('utf8')) : broadcast.body.toString('base64'),
    };
    if (broadcast.meta) payload.meta = broadcast.meta;
    return JSON.stringify({ join_ref: null, ref: null, topic, event: 'broadcast', payload });
  }
  const topicBytes = Buffer.from(topic);
  const eventBytes = Buffer.from(broadcast.event);
  const metaBytes = Buffer.from(broadcast.meta ? JSON.stringify(broadcast.meta) : '');
  const header = Buffer.from([
    SERVER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metaBytes.length,
    broadcast.encoding === 'json' ? JSON_ENCODING : BINARY,
  ]);
  return Buffer.concat([header, topicBytes, eventBytes, metaBytes, broadcast.body]);
}
