import { PROPOSAL_STATUSES, type Proposal, type ProposalStatus } from '../api/index.ts';

export const SORTS = ['newest', 'votes', 'debated'] as const;
export type Sort = (typeof SORTS)[number];

/** Lower case without accents, so that "velo" finds "Vélo". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * What the person chose to see: filters, text search and order. Lives in the URL
 * (`?cat=&status=&district=&mine=1&q=&sort=`), read with `fromParams`, written with `toParams`.
 */
export class Filters {
  categoryId = $state<string | null>(null);
  status = $state<ProposalStatus | null>(null);
  districtId = $state<string | null>(null);
  mine = $state(false);
  query = $state('');
  sort = $state<Sort>('newest');

  /** How many filters narrow the list (search and order excluded). */
  readonly active = $derived(
    [this.categoryId, this.status, this.districtId].filter((v) => v !== null).length + (this.mine ? 1 : 0),
  );

  fromParams(params: URLSearchParams): void {
    const status = params.get('status');
    const sort = params.get('sort');
    this.categoryId = params.get('cat') || null;
    this.status = (PROPOSAL_STATUSES as readonly string[]).includes(status ?? '') ? (status as ProposalStatus) : null;
    this.districtId = params.get('district') || null;
    this.mine = params.get('mine') === '1';
    this.query = params.get('q') ?? '';
    this.sort = (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'newest';
  }

  toParams(params: URLSearchParams): void {
    const set = (name: string, value: string | null): void => {
      if (value) params.set(name, value);
      else params.delete(name);
    };
    set('cat', this.categoryId);
    set('status', this.status);
    set('district', this.districtId);
    set('mine', this.mine ? '1' : null);
    set('q', this.query.trim() || null);
    set('sort', this.sort === 'newest' ? null : this.sort);
  }

  clear(): void {
    this.categoryId = null;
    this.status = null;
    this.districtId = null;
    this.mine = false;
    this.query = '';
  }

  /** The proposals that pass the filters and the search, in the chosen order. Never mutates `items`. */
  apply(items: readonly Proposal[], userId: string | null): Proposal[] {
    const words = fold(this.query).split(/\s+/).filter(Boolean);
    const kept = items.filter(
      (p) =>
        (this.categoryId === null || p.categoryId === this.categoryId) &&
        (this.status === null || p.status === this.status) &&
        (this.districtId === null || p.districtId === this.districtId) &&
        (!this.mine || (userId !== null && p.authorId === userId)) &&
        words.every((w) => fold(`${p.title} ${p.description}`).includes(w)),
    );
    const key: Record<Sort, (p: Proposal) => number> = {
      newest: (p) => Date.parse(p.createdAt),
      votes: (p) => p.agree + p.disagree,
      debated: (p) => p.comments,
    };
    const by = key[this.sort];
    return kept.sort((a, b) => by(b) - by(a) || Number(b.id) - Number(a.id));
  }
}
