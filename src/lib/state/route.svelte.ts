import { queryParams } from '../collections.ts';
import { Filters } from './filters.svelte.ts';

export type View = 'map' | 'list';

/**
 * What the address bar says: the open proposal (`?p=12`, a link that can be shared), the list or
 * the map (`view=list`) and the filters. Opening a proposal adds a history entry (Back closes it);
 * filters replace the current one.
 */
export class Route {
  proposalId = $state<string | null>(null);
  view = $state<View>('map');
  readonly filters = new Filters();

  readonly #location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  readonly #history: Pick<History, 'pushState' | 'replaceState'>;

  constructor(
    location: Pick<Location, 'search' | 'pathname' | 'hash'>,
    history: Pick<History, 'pushState' | 'replaceState'>,
  ) {
    this.#location = location;
    this.#history = history;
    this.read();
  }

  /** Reads the address bar (on start and on Back / Forward). */
  read(): void {
    const params = queryParams(this.#location.search);
    this.proposalId = params.get('p') || null;
    this.view = params.get('view') === 'list' ? 'list' : 'map';
    this.filters.fromParams(params);
  }

  /** The address of the current state (path and query). */
  href(proposalId = this.proposalId): string {
    const params = queryParams(this.#location.search);
    this.filters.toParams(params);
    if (proposalId) params.set('p', proposalId);
    else params.delete('p');
    if (this.view === 'list') params.set('view', 'list');
    else params.delete('view');
    const query = params.toString();
    return `${this.#location.pathname}${query ? `?${query}` : ''}`;
  }

  open(proposalId: string): void {
    const push = this.proposalId === null;
    this.proposalId = proposalId;
    this.#write(push);
  }

  close(): void {
    this.proposalId = null;
    this.#write(false);
  }

  setView(view: View): void {
    this.view = view;
    this.#write(false);
  }

  /** Writes the filters into the address bar (after every change). */
  syncFilters(): void {
    this.#write(false);
  }

  #write(push: boolean): void {
    const href = this.href();
    if (push) this.#history.pushState(null, '', href);
    else this.#history.replaceState(null, '', href);
  }
}
