import type { JwtClaims } from '../db/database.ts';
import { parseFilter, type RowFilter } from './filters.ts';

/** One postgres_changes binding of a joined channel, with the id the join reply hands back. */
export interface Binding {
  id: number;
  event: '*' | 'INSERT' | 'UPDATE' | 'DELETE';
  schema: string;
  table: string | undefined;
  filter: string | undefined;
  rowFilter: RowFilter | undefined;
}

/** A channel joined by one socket. */
export interface JoinedChannel {
  topic: string;
  joinRef: string | null;
  claims: JwtClaims;
  /** Groups subscribers whose RLS checks are the same (see identityKey). */
  identity: string;
  bindings: Binding[];
  /** When the join was answered: changes made before it are not sent, as Supabase starts at the join. */
  joinedAt: number;
  broadcastSelf: boolean;
  broadcastAck: boolean;
  presenceKey: string | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
}

export class JoinError extends Error {}

/** Claims that do not change what a policy sees (times, ids of the token itself) are left out. */
export function identityKey(claims: JwtClaims): string {
  const rest = Object.fromEntries(
    Object.entries(claims)
      .filter(([key]) => !['exp', 'iat', 'nbf', 'jti', 'session_id'].includes(key))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return JSON.stringify(rest);
}

/** Supabase's binding id: the same parameters give the same id, so equal bindings share one encoded message. */
function bindingId(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) % 100_000_000;
}

const EVENTS = new Set(['*', 'INSERT', 'UPDATE', 'DELETE']);

export function parseBindings(raw: unknown): Binding[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new JoinError('postgres_changes must be a list');
  if (raw.length > 100) throw new JoinError('Too many postgres_changes bindings (at most 100)');
  return raw.map((item: unknown) => {
    const spec = (item ?? {}) as Record<string, unknown>;
    const event = typeof spec.event === 'string' ? spec.event.toUpperCase() : '';
    if (!EVENTS.has(event)) throw new JoinError(`Invalid postgres_changes event: ${String(spec.event)}`);
    if (typeof spec.schema !== 'string' || spec.schema === '') throw new JoinError('postgres_changes needs a schema');
    const table = typeof spec.table === 'string' && spec.table !== '' ? spec.table : undefined;
    const filter = typeof spec.filter === 'string' && spec.filter !== '' ? spec.filter : undefined;
    return {
      id: bindingId(JSON.stringify([spec.event, spec.schema, table ?? null, filter ?? null])),
      event: event as Binding['event'],
      schema: spec.schema,
      table,
      filter,
      rowFilter: filter ? parseFilter(filter) : undefined,
    };
  });
}

/** The binding as the join reply states it (realtime-js compares event, schema, table and filter). */
export function bindingReply(binding: Binding, original: Record<string, unknown>): Record<string, unknown> {
  const reply: Record<string, unknown> = { id: binding.id, event: original.event, schema: binding.schema };
  if (binding.table !== undefined) reply.table = binding.table;
  if (binding.filter !== undefined) reply.filter = binding.filter;
  return reply;
}
