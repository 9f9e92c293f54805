/**
 * Copy-on-write helpers for state replaced wholesale (`$state.raw`): each returns a new
 * collection and never changes the one it is given. Kept out of the runes modules, where
 * svelte/prefer-svelte-reactivity would ask for SvelteMap / SvelteSet, which these are not meant to be.
 */
export function indexBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

export function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  return new Map(map).set(key, value);
}

export function withoutEntry<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

export function withMember(set: ReadonlySet<string>, value: string): ReadonlySet<string> {
  return new Set(set).add(value);
}

export function withoutMember(set: ReadonlySet<string>, value: string): ReadonlySet<string> {
  const copy = new Set(set);
  copy.delete(value);
  return copy;
}

/** A copy of a query string's parameters, to read or to edit and serialise. */
export function queryParams(search: string): URLSearchParams {
  return new URLSearchParams(search);
}

export function toDate(iso: string): Date {
  return new Date(iso);
}

export function emptyMap<V>(): ReadonlyMap<string, V> {
  return new Map<string, V>();
}

export function emptySet(): ReadonlySet<string> {
  return new Set<string>();
}
