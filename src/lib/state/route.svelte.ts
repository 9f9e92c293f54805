import { queryParams } from '../collections.ts';
import { Filters } from './filters.svelte.ts';

export type View = 'map' | 'list';

/** The app's screens and their paths. */
export const SCREEN_PATHS = {
  map: '/',
  moderation: '/moderation',
  dashboard: '/dashboard',
  admin: '/admin',
  log: '/moderation-log',
} as const;
export type Screen = keyof typeof SCREEN_PATHS;

function screenAt(pathname: string): Screen {
  const path = pathname.replace(/\/+$/, '') || '/';
  const found = Object.entries(SCREEN_PATHS).find(([, p]) => p === path);
  return found ? (found[0] as Screen) : 'map';
}

/**
 * What the address bar says: the open proposal (`?p=12`, a link that can be shared), the list or
 * the map (`view=list`) and the filters. Opening a proposal adds a history entry (Back closes it);
 * filters replace the current one.
 */
export class Route {
  screen = $state<Screen>('map');
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
    this.screen = screenAt(this.#location.pathname);
    this.proposalId = params.get('p') || null;
    this.view = params.get('view') === 'list' ? 'list' : 'map';
    this.filters.fromParams(params);
  }

  /** The address of the current state (path and query). */
  href(proposalId = this.proposalId): string {
    if (this.screen !== 'map') return SCREEN_PATHS[this.screen];
    return `${SCREEN_PATHS.map}${this.#mapQuery(proposalId)}`;
  }

  #mapQuery(proposalId = this.proposalId): string {
    const params = queryParams(this.screen === 'map' ? this.#location.search : '');
    this.filters.toParams(params);
    if (proposalId) params.set('p', proposalId);
    else params.delete('p');
    if (this.view === 'list') params.set('view', 'list');
    else params.delete('view');
    const query = params.toString();
    return query ? `?${query}` : '';
  }

  /** Goes to another screen (a new history entry); the map screen keeps its filters. */
  go(screen: Screen): void {
    if (screen === this.screen) return;
    this.screen = screen;
    this.proposalId = null;
    const query = screen === 'map' ? this.#mapQuery() : '';
    this.#history.pushState(null, '', `${SCREEN_PATHS[screen]}${query}`);
  }

  /** Opens a proposal on the map screen, from any screen. */
  showOnMap(proposalId: string): void {
    if (this.screen !== 'map') {
      this.screen = 'map';
      this.proposalId = proposalId;
      this.#history.pushState(null, '', `${SCREEN_PATHS.map}${this.#mapQuery()}`);
      return;
    }
    this.open(proposalId);
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
