import type { AggregateFilters } from './aggregate-types.ts';

/** What every export states: its filters, when it was made, the data licence and the layer. */
export interface ExportMetadata {
  generatedAt: string;
  filters: AggregateFilters;
  licence: string;
  layer: string;
  source?: string;
}

export type ExportLanguage = 'fr' | 'en';

/** Filters as one readable line, e.g. `category=mobility,green; from=2026-01-01`. */
export function describeFilters(filters: AggregateFilters): string {
  const parts: string[] = [];
  if (filters.categories?.length) parts.push(`category=${filters.categories.join(',')}`);
  if (filters.statuses?.length) parts.push(`status=${filters.statuses.join(',')}`);
  if (filters.from) parts.push(`from=${filters.from}`);
  if (filters.to) parts.push(`to=${filters.to}`);
  return parts.length > 0 ? parts.join('; ') : 'none';
}
