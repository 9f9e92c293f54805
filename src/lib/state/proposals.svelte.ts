import type { FeatureCollection, Point } from 'geojson';
import {
  isApiError,
  type ApiErrorCode,
  type CategoriesApi,
  type Category,
  type NewProposal,
  type Proposal,
  type ProposalsApi,
  type VoteCounts,
} from '../api/index.ts';
import { indexBy } from '../collections.ts';
import type { LoadStatus } from './districts.svelte.ts';
import { contains, CountChanges, grow, NO_IDS, withPoints, withTexts, type Bounds } from './proposals-area.ts';

/** What a bubble on the map needs: colour (category), activity (size), balance (ring). */
export interface BubbleProps {
  id: string;
  color: string;
  /** Votes + comments. */
  activity: number;
  /** (agree − disagree) / votes, from −1 to 1; 0 without votes. */
  balance: number;
}

export type Bubbles = FeatureCollection<Point, BubbleProps>;

const FALLBACK_COLOR = '#6b7280';
/** Each side of the view grows by this share of its size before loading: small moves load nothing. */
const MARGIN = 0.25;

/**
 * The proposals the person may read in the areas the map has shown (merged as the map moves),
 * the categories, and the bubbles the map draws from them.
 */
export class ProposalsState {
  /** Replaced wholesale on every load or change. */
  items = $state.raw<Proposal[]>([]);
  /** Ids of `items` still waiting for their text (placeholders). */
  pending = $state.raw<ReadonlySet<string>>(NO_IDS);
  categories = $state.raw<Category[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<ApiErrorCode | null>(null);
  sending = $state(false);
  sendError = $state<ApiErrorCode | null>(null);

  readonly byId = $derived(indexBy(this.items, (p) => p.id));
  readonly categoryById = $derived(indexBy(this.categories, (c) => c.id));

  readonly #proposals: ProposalsApi;
  readonly #categories: CategoriesApi;
  /** Areas loaded for the current reader; the latest view; bumped when the reader changes. */
  #covered: Bounds[] = [];
  #view: Bounds | null = null;
  #generation = 0;
  readonly #textsAfter: Promise<void>;
  /** Counter changes made here (votes, comments): an answer asked for before one must not undo it. */
  readonly #countChanges = new CountChanges();
  /** The categories of the latest `load()` (they colour the bubbles). */
  #categoriesLoaded: Promise<void> = Promise.resolve();

  /**
   * `textsAfter`: texts are fetched once it resolves (the app lets the map draw the points first:
   * both compete for the same CPU and the same connection).
   */
  constructor(proposals: ProposalsApi, categories: CategoriesApi, textsAfter: Promise<void> = Promise.resolve()) {
    this.#proposals = proposals;
    this.#categories = categories;
    this.#textsAfter = textsAfter;
  }

  /** (Re)loads the categories and the current view's proposals for a new reader (sign-in, sign-out). */
  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    const generation = ++this.#generation;
    this.#covered = [];
    this.#categoriesLoaded = this.#categories.list().then((list) => {
      if (generation === this.#generation) this.categories = list;
    });
    try {
      await Promise.all([
        this.#categoriesLoaded,
        this.#view ? this.#loadArea(this.#view, generation, true) : undefined,
      ]);
      if (generation !== this.#generation) return;
      this.status = 'ready';
    } catch (error) {
      this.#failed(error, generation);
    }
  }

  /** The map shows `view`: loads what is in it (plus a margin) unless that area is loaded already. */
  async show(view: Bounds): Promise<void> {
    this.#view = view;
    // Until the first `load()` the reader is not known: that load will fetch this view.
    if (this.#generation === 0) return;
    if (this.#covered.some((area) => contains(area, view))) return;
    const generation = this.#generation;
    try {
      await this.#loadArea(view, generation, false);
    } catch (error) {
      this.#failed(error, generation);
    }
  }

  #failed(error: unknown, generation: number): void {
    if (generation !== this.#generation) return;
    this.error = isApiError(error) ? error.code : 'unknown';
    this.status = 'error';
  }

  /**
   * Points first (the map draws them at once), then the text of those not held yet (the list
   * shows them then). `replace` drops what was held (another reader may see other proposals).
   */
  async #loadArea(view: Bounds, generation: number, replace: boolean): Promise<void> {
    const area = grow(view, MARGIN);
    // The map gets the points with their colours, or it would cluster them twice.
    const pointsAsOf = this.#countChanges.now();
    const [{ points }] = await Promise.all([this.#proposals.inBbox(area), this.#categoriesLoaded]);
    if (generation !== this.#generation) return;
    const { fresh, ...held } = withPoints(this, points, replace, this.#countChanges.since(pointsAsOf));
    this.items = held.items;
    this.pending = held.pending;
    this.#covered.push(area);
    if (this.status === 'idle') this.status = 'ready';
    if (fresh.length === 0) return;
    await this.#textsAfter;
    const textsAsOf = this.#countChanges.now();
    const texts = await this.#proposals.many(fresh);
    if (generation !== this.#generation) return;
    const done = withTexts(this, fresh, texts, this.#countChanges.since(textsAsOf));
    this.items = done.items;
    this.pending = done.pending;
  }

  /** Fetches one proposal not in the list (a shared link); null when it cannot be read. */
  async fetchOne(id: string): Promise<Proposal | null> {
    try {
      const proposal = await this.#proposals.get(id);
      this.put(proposal);
      return proposal;
    } catch {
      return null;
    }
  }

  /** Sends a new proposal; resolves it once stored (and shown), or null with `sendError` set. */
  async create(input: NewProposal): Promise<Proposal | null> {
    if (this.sending) return null;
    this.sending = true;
    this.sendError = null;
    try {
      const proposal = await this.#proposals.create(input);
      this.put(proposal);
      return proposal;
    } catch (error) {
      this.sendError = isApiError(error) ? error.code : 'unknown';
      return null;
    } finally {
      this.sending = false;
    }
  }

  /** Adds a proposal (just sent, or opened from a link) or replaces the copy held. */
  put(proposal: Proposal): void {
    if (this.pending.has(proposal.id)) {
      const done = withTexts(this, [proposal.id], [proposal]);
      this.items = done.items;
      this.pending = done.pending;
      return;
    }
    this.items = this.byId.has(proposal.id)
      ? this.items.map((p) => (p.id === proposal.id ? proposal : p))
      : [proposal, ...this.items];
  }

  setCounts(id: string, counts: VoteCounts): void {
    this.#countChanges.mark(id);
    this.items = this.items.map((p) => (p.id === id ? { ...p, ...counts } : p));
  }

  setCommentCount(id: string, comments: number): void {
    this.#countChanges.mark(id);
    this.items = this.items.map((p) => (p.id === id ? { ...p, comments } : p));
  }

  /**
   * The map's bubbles for a list of proposals (the filtered ones). When they draw exactly like
   * `previous` (texts arriving change nothing on the map), `previous` itself: the map is not
   * handed the same 10k points again to re-cluster.
   */
  bubbles(items: readonly Proposal[], previous?: Bubbles): Bubbles {
    const next: Bubbles = {
      type: 'FeatureCollection',
      features: items.map((p) => {
        const votes = p.agree + p.disagree;
        return {
          type: 'Feature',
          id: Number(p.id),
          properties: {
            id: p.id,
            color: this.categoryById.get(p.categoryId)?.color ?? FALLBACK_COLOR,
            activity: votes + p.comments,
            balance: votes === 0 ? 0 : (p.agree - p.disagree) / votes,
          },
          geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
        };
      }),
    };
    return previous && drawAlike(previous, next) ? previous : next;
  }
}

function drawAlike(a: Bubbles, b: Bubbles): boolean {
  if (a.features.length !== b.features.length) return false;
  return a.features.every((f, i) => {
    const g = b.features[i]!;
    const [p, q] = [f.properties, g.properties];
    const [x, y] = [f.geometry.coordinates, g.geometry.coordinates];
    return (
      p.id === q.id &&
      p.color === q.color &&
      p.activity === q.activity &&
      p.balance === q.balance &&
      x[0] === y[0] &&
      x[1] === y[1]
    );
  });
}
