import {
  isApiError,
  type ApiErrorCode,
  type ModerationApi,
  type ModerationCommand,
  type ModerationItem,
} from '../api/index.ts';
import type { LoadStatus } from './districts.svelte.ts';

/** Where the open item comes from: the queue, or the agent's search among their districts' proposals. */
export type ModerationSource = 'queue' | 'search';

export interface ActionFailure {
  code: ApiErrorCode;
  command: ModerationCommand['kind'];
}

/**
 * An agent's moderation desk (not to be confused with a proposal's `ModerationState` in lib/api): the queue of their districts, a search among their proposals,
 * the open item and the action running on it. After every action the queue is read again and the
 * next item opens, so an agent clears a queue without leaving the screen. The database decides
 * what the agent may see and do; this only follows its answers.
 */
export class ModerationDesk {
  items = $state.raw<ModerationItem[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<ApiErrorCode | null>(null);

  query = $state('');
  results = $state.raw<ModerationItem[]>([]);
  searching = $state(false);

  source = $state<ModerationSource>('queue');
  openKey = $state<string | null>(null);
  busy = $state(false);
  failure = $state<ActionFailure | null>(null);
  /** The last action that succeeded, for the live region ("Hidden: …"). */
  done = $state<{ command: ModerationCommand; title: string } | null>(null);
  /** Increases when another item opens after an action: the screen moves focus to it. */
  advanced = $state(0);

  readonly list = $derived(this.source === 'queue' ? this.items : this.results);
  readonly open = $derived(this.list.find((i) => i.key === this.openKey) ?? null);

  readonly #api: ModerationApi;
  readonly #districtIds: () => readonly string[];

  /** `districtIds`: the districts the agent moderates (for the search; the queue is scoped by the database). */
  constructor(api: ModerationApi, districtIds: () => readonly string[]) {
    this.#api = api;
    this.#districtIds = districtIds;
  }

  /** A fresh start for the person signed in now (nothing kept from a previous account), then the queue. */
  start(): Promise<void> {
    this.items = [];
    this.results = [];
    this.query = '';
    this.status = 'idle';
    this.done = null;
    this.show('queue');
    return this.load();
  }

  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      this.items = await this.#api.queue();
      this.status = 'ready';
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      this.status = 'error';
    }
  }

  async search(text: string): Promise<void> {
    this.query = text;
    if (!text.trim()) {
      this.results = [];
      return;
    }
    this.searching = true;
    try {
      const results = await this.#api.search(text, this.#districtIds());
      if (this.query === text) this.results = results;
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
    } finally {
      this.searching = false;
    }
  }

  /**
   * Proposals the open one may duplicate, among everything the agent may read (any district):
   * for the duplicate form; nothing when the search fails.
   */
  async findDuplicates(text: string): Promise<ModerationItem[]> {
    return text.trim() ? this.#api.search(text, null).catch(() => []) : [];
  }

  show(source: ModerationSource): void {
    this.source = source;
    this.openKey = null;
    this.failure = null;
  }

  select(key: string | null): void {
    this.openKey = key;
    this.failure = null;
  }

  /**
   * Runs `command` on the open item. On success the list is read again; the item stays open if it
   * is still there (a status, a correction), else the one that took its place opens.
   */
  async act(command: ModerationCommand): Promise<boolean> {
    const item = this.open;
    if (!item || this.busy) return false;
    this.busy = true;
    this.failure = null;
    const index = this.list.indexOf(item);
    try {
      await this.#api.act(item, command);
    } catch (error) {
      this.failure = { code: isApiError(error) ? error.code : 'unknown', command: command.kind };
      this.busy = false;
      return false;
    }
    this.done = { command, title: item.title };
    await (this.source === 'queue' ? this.load() : this.search(this.query));
    if (!this.list.some((i) => i.key === item.key)) {
      this.openKey = this.list[Math.min(index, this.list.length - 1)]?.key ?? null;
      this.advanced += 1;
    }
    this.busy = false;
    return true;
  }
}
