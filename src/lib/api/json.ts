import type { Json } from './database.types.ts';
import { ApiError } from './errors.ts';

/** A JSON object as the database's `json` answers hold them. */
export type JsonObject = { [key: string]: Json | undefined };

/**
 * The functions that answer one `json` value (so that PostgREST's row cap does not cut them) are
 * typed `Json` by the generated types: their shape is checked here, where it is read.
 */
export function jsonObject(value: Json | undefined, what: string): JsonObject {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  throw new ApiError('unknown', `${what}: the answer is not an object`);
}

export function jsonArray(value: Json | undefined, what: string): Json[] {
  if (Array.isArray(value)) return value;
  throw new ApiError('unknown', `${what}: the answer has no list`);
}

export function jsonNumber(value: Json | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** A value as JSON carries it (what `JSON.stringify` would send): undefined members dropped, non-finite numbers null. */
export function toJson(value: unknown): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, member]) => member !== undefined);
    return Object.fromEntries(entries.map(([key, member]) => [key, toJson(member)]));
  }
  return null;
}
