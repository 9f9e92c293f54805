import type { Proposal } from '../api/index.ts';

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two [lng, lat] points. */
export function distanceMetres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The meaningful words of a title: lower case, no accents, four letters or more. */
function words(title: string): Set<string> {
  const folded = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return new Set(folded.split(/[^a-z0-9]+/).filter((w) => w.length >= 4));
}

export interface Draftlike {
  title: string;
  categoryId: string;
  lng: number;
  lat: number;
}

/**
 * Proposals a new one may duplicate: same category, within `radius` metres, sharing a title word.
 * Closest first, at most `max`.
 */
export function similarProposals(items: readonly Proposal[], draft: Draftlike, radius = 600, max = 3): Proposal[] {
  const mine = words(draft.title);
  if (mine.size === 0 || !draft.categoryId) return [];
  return items
    .filter((p) => p.categoryId === draft.categoryId && [...words(p.title)].some((w) => mine.has(w)))
    .map((p) => ({ p, d: distanceMetres(draft.lng, draft.lat, p.lng, p.lat) }))
    .filter(({ d }) => d <= radius)
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map(({ p }) => p);
}
