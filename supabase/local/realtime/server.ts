import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { JwtClaims } from '../db/database.ts';
import type { ServiceContext } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { bindingReply, identityKey, JoinError, parseBindings, type JoinedChannel } from './channel.ts';
import { drainChanges, tableShape, watchChanges, type Change, type TableShape } from './changes.ts';
import { FilterError, matches } from './filters.ts';
import {
  decode,
  encode,
  encodeBroadcast,
  ProtocolError,
  type Message,
  type UserBroadcast,
  type Vsn,
} from './serializer.ts';
import { visibleChanges } from './visibility.ts';

interface Client {
  socket: WebSocket;
  vsn: Vsn;
  apiKey: string;
  channels: Map<string, JoinedChannel>;
}

interface PresenceEntry {
  client: Client;
  key: string;
  meta: Record<string, unknown>;
}

export interface RealtimeService {
  /** Takes over an HTTP upgrade to /realtime/v1/websocket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  stop(): Promise<void>;
}

const MAX_FRAME = 1024 * 1024;
const MAX_CHANNELS_PER_SOCKET = 100;

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Bad Request'}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Supabase Realtime's websocket (Phoenix channels): broadcast, presence and postgres_changes. */
export function createRealtimeService(ctx: ServiceContext): RealtimeService {
  const { config, db } = ctx;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const clients = new Set<Client>();
  /** Presence per topic: entries keyed by phx_ref. */
  const presence = new Map<string, Map<string, PresenceEntry>>();
  const shapes = new Map<string, Promise<TableShape>>();
  let presenceRef = 0;

  const send = (client: Client, message: Message) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(encode(message, client.vsn));
  };
  const reply = (client: Client, message: Message, status: 'ok' | 'error', response: Record<string, unknown>) =>
    send(client, { ...message, event: 'phx_reply', payload: { status, response } });
  const push = (client: Client, channel: JoinedChannel, event: string, payload: Record<string, unknown>) =>
    send(client, { join_ref: channel.joinRef, ref: null, topic: channel.topic, event, payload });

  async function verify(token: string): Promise<JwtClaims> {
    try {
      return await verifyJwt(token, config.jwtSecret);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') {
        const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
          exp?: number;
        };
        const ago = Math.max(0, Math.floor(Date.now() / 1000) - (payload.exp ?? 0));
        throw new JoinError(`InvalidJWTToken: Token has expired ${ago} seconds ago`);
      }
      throw new JoinError('InvalidJWTToken: Invalid value for JWT claim "exp" or the signature');
    }
  }

  function scheduleExpiry(client: Client, channel: JoinedChannel): void {
    clearTimeout(channel.expiryTimer);
    const exp = typeof channel.claims.exp === 'number' ? channel.claims.exp * 1000 : undefined;
    if (exp === undefined) return;
    channel.expiryTimer = setTimeout(
      () => {
        push(client, channel, 'system', {
          message: 'Token has expired 0 seconds ago',
          status: 'error',
          extension: 'system',
          channel: channel.topic.replace(/^realtime:/, ''),
        });
        closeChannel(client, channel);
        push(client, channel, 'phx_close', {});
      },
      Math.min(Math.max(0, exp - Date.now()), 2 ** 31 - 1),
    );
  }

  function presenceDiff(topic: string, joins: PresenceEntry[], leaves: PresenceEntry[]): void {
    const group = (entries: PresenceEntry[]) => {
      const out: Record<string, { metas: Record<string, unknown>[] }> = {};
      for (const entry of entries) (out[entry.key] ??= { metas: [] }).metas.push(entry.meta);
      return out;
    };
    for (const client of clients) {
      const channel = client.channels.get(topic);
      if (channel?.presenceKey !== undefined)
        push(client, channel, 'presence_diff', { joins: group(joins), leaves: group(leaves) });
    }
  }

  function untrack(client: Client, topic: string): void {
    const entries = presence.get(topic);
    if (!entries) return;
    const gone = [...entries].filter(([, entry]) => entry.client === client);
    for (const [ref] of gone) entries.delete(ref);
    if (entries.size === 0) presence.delete(topic);
    if (gone.length > 0)
      presenceDiff(
        topic,
        [],
        gone.map(([, entry]) => entry),
      );
  }

  function closeChannel(client: Client, channel: JoinedChannel): void {
    clearTimeout(channel.expiryTimer);
    client.channels.delete(channel.topic);
    untrack(client, channel.topic);
  }

  async function join(client: Client, message: Message): Promise<void> {
    const config = (message.payload.config ?? {}) as Record<string, unknown>;
    if (client.channels.has(message.topic)) closeChannel(client, client.channels.get(message.topic)!);
    if (client.channels.size >= MAX_CHANNELS_PER_SOCKET) throw new JoinError('Too many channels on this connection');
    if (config.private === true)
      throw new JoinError('PrivateChannelsNotSupported: the local stack serves public channels only');
    const token = typeof message.payload.access_token === 'string' ? message.payload.access_token : client.apiKey;
    const claims = await verify(token);
    if (!['anon', 'authenticated', 'service_role'].includes(claims.role))
      throw new JoinError('InvalidJWTToken: unknown role');
    const rawBindings = Array.isArray(config.postgres_changes)
      ? (config.postgres_changes as Record<string, unknown>[])
      : [];
    const bindings = parseBindings(config.postgres_changes);
    const broadcast = (config.broadcast ?? {}) as Record<string, unknown>;
    const presenceConfig = (config.presence ?? {}) as Record<string, unknown>;
    const presenceEnabled = presenceConfig.enabled !== false;
    const channel: JoinedChannel = {
      topic: message.topic,
      joinRef: message.join_ref ?? message.ref,
      claims,
      identity: identityKey(claims),
      bindings,
      joinedAt: Date.now(),
      broadcastSelf: broadcast.self === true,
      broadcastAck: broadcast.ack === true,
      presenceKey: presenceEnabled
        ? typeof presenceConfig.key === 'string' && presenceConfig.key !== ''
          ? presenceConfig.key
          : randomUUID()
        : undefined,
      expiryTimer: undefined,
    };
    client.channels.set(message.topic, channel);
    scheduleExpiry(client, channel);
    reply(client, message, 'ok', { postgres_changes: bindings.map((b, i) => bindingReply(b, rawBindings[i] ?? {})) });
    const subTopic = message.topic.replace(/^realtime:/, '');
    if (bindings.length > 0) {
      push(client, channel, 'system', {
        message: 'Subscribed to PostgreSQL',
        status: 'ok',
        extension: 'postgres_changes',
        channel: subTopic,
      });
    }
    if (channel.presenceKey !== undefined) {
      const state: Record<string, { metas: Record<string, unknown>[] }> = {};
      for (const entry of presence.get(message.topic)?.values() ?? [])
        (state[entry.key] ??= { metas: [] }).metas.push(entry.meta);
      push(client, channel, 'presence_state', state);
    }
  }

  function relayBroadcast(client: Client, channel: JoinedChannel, broadcast: UserBroadcast): void {
    const encoded = new Map<Vsn, string | Buffer>();
    for (const other of clients) {
      if (other === client && !channel.broadcastSelf) continue;
      if (!other.channels.has(channel.topic)) continue;
      if (!encoded.has(other.vsn)) encoded.set(other.vsn, encodeBroadcast(channel.topic, broadcast, other.vsn));
      if (other.socket.readyState === other.socket.OPEN) other.socket.send(encoded.get(other.vsn)!);
    }
  }

  async function handle(client: Client, message: Message, broadcast: UserBroadcast | undefined): Promise<void> {
    if (message.topic === 'phoenix') {
      if (message.event === 'heartbeat') reply(client, message, 'ok', {});
      return;
    }
    if (message.event === 'phx_join') {
      try {
        await join(client, message);
      } catch (error) {
        if (error instanceof JoinError || error instanceof FilterError)
          reply(client, message, 'error', { reason: error.message });
        else throw error;
      }
      return;
    }
    const channel = client.channels.get(message.topic);
    if (!channel) {
      reply(client, message, 'error', { reason: 'unmatched topic' });
      return;
    }
    switch (message.event) {
      case 'phx_leave':
        closeChannel(client, channel);
        reply(client, message, 'ok', {});
        push(client, channel, 'phx_close', {});
        return;
      case 'access_token': {
        const token = message.payload.access_token;
        if (typeof token !== 'string') return;
        try {
          const claims = await verify(token);
          channel.claims = claims;
          channel.identity = identityKey(claims);
          scheduleExpiry(client, channel);
        } catch (error) {
          push(client, channel, 'system', {
            message: (error as Error).message,
            status: 'error',
            extension: 'system',
            channel: channel.topic.replace(/^realtime:/, ''),
          });
          closeChannel(client, channel);
          push(client, channel, 'phx_close', {});
        }
        return;
      }
      case 'broadcast': {
        const body =
          broadcast ??
          ({
            event: typeof message.payload.event === 'string' ? message.payload.event : '',
            body: Buffer.from(JSON.stringify(message.payload.payload ?? {})),
            encoding: 'json',
          } satisfies UserBroadcast);
        relayBroadcast(client, channel, body);
        if (channel.broadcastAck) reply(client, message, 'ok', {});
        return;
      }
      case 'presence': {
        if (channel.presenceKey === undefined) {
          reply(client, message, 'error', { reason: 'Presence is not enabled on this channel' });
          return;
        }
        untrack(client, channel.topic);
        if (message.payload.event === 'track') {
          const meta = {
            ...((message.payload.payload ?? {}) as Record<string, unknown>),
            phx_ref: String(++presenceRef),
          };
          const entry = { client, key: channel.presenceKey, meta };
          const entries = presence.get(channel.topic) ?? new Map<string, PresenceEntry>();
          entries.set(meta.phx_ref, entry);
          presence.set(channel.topic, entries);
          presenceDiff(channel.topic, [entry], []);
        }
        reply(client, message, 'ok', {});
        return;
      }
      default:
        reply(client, message, 'error', { reason: `unknown event: ${message.event}` });
    }
  }

  function connection(socket: WebSocket, vsn: Vsn, apiKey: string): void {
    const client: Client = { socket, vsn, apiKey, channels: new Map() };
    clients.add(client);
    let queue = Promise.resolve();
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      queue = queue.then(async () => {
        let decoded;
        try {
          decoded = decode(data, isBinary, vsn);
        } catch (error) {
          if (error instanceof ProtocolError) socket.close(1003, error.message.slice(0, 100));
          return;
        }
        await handle(client, decoded.message, decoded.broadcast).catch((error: unknown) => {
          console.error('[realtime]', error);
          reply(client, decoded.message, 'error', { reason: 'Internal error in the local stack' });
        });
      });
    });
    socket.on('close', () => {
      clients.delete(client);
      for (const channel of [...client.channels.values()]) closeChannel(client, channel);
    });
    socket.on('error', () => socket.terminate());
  }

  // postgres_changes: changes are taken from the queue in order and checked once per identity.
  let draining = false;
  let wakeAgain = false;
  let lastDrain = 0;
  const hasSubscribers = () => [...clients].some((c) => [...c.channels.values()].some((ch) => ch.bindings.length > 0));

  function shapeOf(schema: string, table: string): Promise<TableShape> {
    const key = `${schema}.${table}`;
    if (!shapes.has(key)) shapes.set(key, tableShape(db.pool, schema, table));
    return shapes.get(key)!;
  }

  async function deliver(changes: Change[]): Promise<void> {
    const withShapes = await Promise.all(
      changes.map(async (change) => ({ change, shape: await shapeOf(change.schema, change.table) })),
    );
    // Who may receive what: subscribers grouped by identity, one RLS check per change and identity.
    const targets = new Map<Change, { client: Client; channel: JoinedChannel; ids: number[] }[]>();
    const groups = new Map<string, { claims: JwtClaims; changes: Set<Change> }>();
    for (const { change } of withShapes) {
      const madeAt = Date.parse(change.commitTimestamp);
      const row = (change.type === 'DELETE' ? change.oldRecord : change.record) ?? {};
      const list: { client: Client; channel: JoinedChannel; ids: number[] }[] = [];
      for (const client of clients) {
        for (const channel of client.channels.values()) {
          if (madeAt < channel.joinedAt) continue;
          const ids = channel.bindings
            .filter(
              (b) =>
                (b.event === '*' || b.event === change.type) &&
                (b.schema === '*' || b.schema === change.schema) &&
                (b.table === undefined || b.table === '*' || b.table === change.table) &&
                (!b.rowFilter || matches(b.rowFilter, row)),
            )
            .map((b) => b.id);
          if (ids.length === 0) continue;
          list.push({ client, channel, ids });
          const group = groups.get(channel.identity) ?? { claims: channel.claims, changes: new Set<Change>() };
          group.changes.add(change);
          groups.set(channel.identity, group);
        }
      }
      targets.set(change, list);
    }
    const visible = new Map<string, Set<Change>>();
    for (const [identity, group] of groups) {
      const subset = withShapes.filter(({ change }) => group.changes.has(change));
      visible.set(identity, await visibleChanges(db.pool, group.claims, subset).catch(() => new Set<Change>()));
    }
    for (const { change, shape } of withShapes) {
      const data: Record<string, unknown> = {
        schema: change.schema,
        table: change.table,
        commit_timestamp: change.commitTimestamp,
        type: change.type,
        columns: shape.columns,
        errors: null,
      };
      if (change.type !== 'DELETE') data.record = change.record;
      if (change.type !== 'INSERT') data.old_record = oldImage(change, shape);
      const encoded = new Map<string, string>();
      for (const { client, channel, ids } of targets.get(change) ?? []) {
        if (!visible.get(channel.identity)?.has(change) || !client.channels.has(channel.topic)) continue;
        const key = `${client.vsn}|${channel.topic}|${channel.joinRef}|${ids.join(',')}`;
        let text = encoded.get(key);
        if (text === undefined) {
          text = encode(
            {
              join_ref: channel.joinRef,
              ref: null,
              topic: channel.topic,
              event: 'postgres_changes',
              payload: { ids, data },
            },
            client.vsn,
          );
          encoded.set(key, text);
        }
        if (client.socket.readyState === client.socket.OPEN) client.socket.send(text);
      }
    }
  }

  async function drain(): Promise<void> {
    if (draining) {
      wakeAgain = true;
      return;
    }
    if (!hasSubscribers() && Date.now() - lastDrain < 2000) return;
    draining = true;
    try {
      do {
        wakeAgain = false;
        lastDrain = Date.now();
        const changes = await drainChanges(db.pool);
        if (changes.length > 0 && hasSubscribers()) await deliver(changes);
        if (changes.length === 1000) wakeAgain = true;
      } while (wakeAgain);
    } catch (error) {
      console.error('[realtime]', error);
    } finally {
      draining = false;
    }
  }

  const watcher = watchChanges(db, () => void drain());

  return {
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', config.apiUrl);
      if (url.pathname !== '/realtime/v1/websocket') return refuse(socket, 404, 'no Route matched with those values');
      const apiKey = url.searchParams.get('apikey') ?? (req.headers.apikey as string | undefined);
      if (!apiKey) return refuse(socket, 401, 'No API key found in request');
      if (apiKey !== config.anonKey && apiKey !== config.serviceRoleKey)
        return refuse(socket, 401, 'Invalid authentication credentials');
      const vsn = url.searchParams.get('vsn') ?? '1.0.0';
      if (vsn !== '1.0.0' && vsn !== '2.0.0') return refuse(socket, 400, `Unsupported serializer version: ${vsn}`);
      wss.handleUpgrade(req, socket, head, (ws) => connection(ws, vsn, apiKey));
    },
    async stop() {
      await watcher.stop();
      for (const client of clients) client.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      while (draining) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

/** DELETE and UPDATE carry the primary key only, unless the table's replica identity is FULL. */
function oldImage(change: Change, shape: TableShape): Record<string, unknown> {
  const old = change.oldRecord ?? {};
  if (shape.replicaFull) return old;
  return Object.fromEntries(shape.primaryKey.map((column) => [column, old[column]]));
}
