import type { Proposal, ProposalPoint } from '../api/index.ts';

/** [west, south, east, north] */
export type Bounds = readonly [number, number, number, number];

/** The box grown on every side by `share` of its width and height. */
export function grow([west, south, east, north]: Bounds, share: number): Bounds {
  const dx = (east - west) * share;
  const dy = (north - south) * share;
  return [west - dx, south - dy, east + dx, north + dy];
}

export function contains(outer: Bounds, inner: Bounds): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

export const NO_IDS: ReadonlySet<string> = new Set();

/** A proposal known only by its point (its text is on its way): drawn, not listed. */
function placeholder(point: ProposalPoint): Proposal {
  return {
    ...point,
    title: '',
    description: '',
    districtId: null,
    officialAnswer: null,
    authorId: '',
    authorName: '',
    photoPath: null,
    createdAt: '1970-01-01T00:00:00Z',
  };
}

interface Held {
  items: Proposal[];
  /** Ids of items that are placeholders. */
  pending: ReadonlySet<string>;
}

/**
 * Merges an area's points into what is held: counters refreshed, new ones as placeholders
 * (`fresh`: their ids, whose text is to be fetched). `replace` (another reader) keeps only what
 * the area still has: a proposal's text does not depend on who reads it, so an open sheet stays.
 */
export function withPoints(
  held: Held,
  points: readonly ProposalPoint[],
  replace: boolean,
  keepCounts: ReadonlySet<string> = NO_IDS,
): Held & { fresh: string[] } {
  const byId = new Map(points.map((p) => [p.id, p]));
  const base = replace
    ? {
        items: held.items.filter((p) => byId.has(p.id)),
        pending: new Set([...held.pending].filter((id) => byId.has(id))),
      }
    : held;
  const known = new Set(base.items.map((p) => p.id));
  const news = points.filter((p) => !known.has(p.id));
  return {
    items: [
      ...base.items.map((p) => (byId.has(p.id) ? withCounts({ ...p, ...byId.get(p.id) }, p, keepCounts) : p)),
      ...news.map(placeholder),
    ],
    pending: new Set([...base.pending, ...news.map((p) => p.id)]),
    fresh: news.map((p) => p.id),
  };
}

/**
 * Replaces the placeholders `fresh` by their text; one whose text did not come (no longer readable)
 * goes. `keepCounts`: proposals whose counters changed here (the person voted) after the texts were
 * asked for: the answer's counters are older than the held ones.
 */
export function withTexts(
  held: Held,
  fresh: readonly string[],
  texts: readonly Proposal[],
  keepCounts: ReadonlySet<string> = NO_IDS,
): Held {
  const asked = new Set(fresh);
  const byId = new Map(texts.map((p) => [p.id, p]));
  return {
    items: held.items.flatMap((p) =>
      !asked.has(p.id) || !held.pending.has(p.id)
        ? [p]
        : byId.has(p.id)
          ? [withCounts(byId.get(p.id)!, p, keepCounts)]
          : [],
    ),
    pending: new Set([...held.pending].filter((id) => !asked.has(id))),
  };
}

/** `next`, with the counters of `held` when they changed after `next` was asked for. */
function withCounts(next: Proposal, held: Proposal, keepCounts: ReadonlySet<string>): Proposal {
  if (!keepCounts.has(held.id)) return next;
  return { ...next, agree: held.agree, disagree: held.disagree, comments: held.comments };
}

/** Numbers the counter changes made here (votes, comments), so that an older answer does not undo one. */
export class CountChanges {
  #last = 0;
  readonly #at = new Map<string, number>();

  /** To keep before asking the server. */
  now(): number {
    return this.#last;
  }

  mark(id: string): void {
    this.#at.set(id, ++this.#last);
  }

  /** The proposals whose counters changed after `asOf` (from `now()`). */
  since(asOf: number): ReadonlySet<string> {
    if (asOf === this.#last) return NO_IDS;
    return new Set([...this.#at].filter(([, at]) => at > asOf).map(([id]) => id));
  }
}
