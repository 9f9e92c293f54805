import type { District } from '../api/index.ts';
import type { AggregateFilters, DistrictLayer } from '../geo/districts/index.ts';

export interface DashboardFilters {
  categories: string[];
  statuses: string[];
  /** YYYY-MM-DD, both inclusive; empty for no bound. */
  from: string;
  to: string;
}

/** The official districts as a layer, in id order (the database's tie-break order). */
export function officialLayer(districts: readonly District[]): DistrictLayer {
  return {
    type: 'FeatureCollection',
    features: districts.map((d) => ({
      type: 'Feature',
      id: d.id,
      properties: { name: d.name, slug: d.slug, population: d.population },
      geometry: d.geometry,
    })),
  };
}

/** Dates as the aggregation takes them: UTC days, `to` made exclusive (the day after). */
export function aggregateFilters(f: DashboardFilters): AggregateFilters {
  const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
  return {
    categories: [...f.categories],
    statuses: [...f.statuses],
    ...(f.from ? { from: `${f.from}T00:00:00.000Z` } : {}),
    ...(f.to ? { to: next(f.to) } : {}),
  };
}
