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

/** Every proposal the person may read, the categories, and the bubbles the map draws from them. */
export class ProposalsState {
  /** Replaced wholesale on every load or change. */
  items = $state.raw<Proposal[]>([]);
  categories = $state.raw<Category[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<ApiErrorCode | null>(null);
  sending = $state(false);
  sendError = $state<ApiErrorCode | null>(null);

  readonly byId = $derived(indexBy(this.items, (p) => p.id));
  readonly categoryById = $derived(indexBy(this.categories, (c) => c.id));

  readonly #proposals: ProposalsApi;
  readonly #categories: CategoriesApi;

  constructor(proposals: ProposalsApi, categories: CategoriesApi) {
    this.#proposals = proposals;
    this.#categories = categories;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      const [categories, items] = await Promise.all([this.#categories.list(), this.#proposals.list()]);
      this.categories = categories;
      this.items = items;
      this.status = 'ready';
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      this.status = 'error';
    }
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
    this.items = this.byId.has(proposal.id)
      ? this.items.map((p) => (p.id === proposal.id ? proposal : p))
      : [proposal, ...this.items];
  }

  setCounts(id: string, counts: VoteCounts): void {
    this.items = this.items.map((p) => (p.id === id ? { ...p, ...counts } : p));
  }

  setCommentCount(id: string, comments: number): void {
    this.items = this.items.map((p) => (p.id === id ? { ...p, comments } : p));
  }

  /** The map's bubbles for a list of proposals (the filtered ones). */
  bubbles(items: readonly Proposal[]): Bubbles {
    return {
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
  }
}
