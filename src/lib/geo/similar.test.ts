import { describe, expect, it } from 'vitest';
import type { Proposal } from '../api/index.ts';
import { distanceMetres, similarProposals } from './similar.ts';

const at = (id: string, title: string, lng: number, lat: number, categoryId = 'c1') =>
  ({ id, title, lng, lat, categoryId }) as Proposal;

describe('similarProposals', () => {
  const items = [
    at('1', 'Piste cyclable protégée', 11.2501, 43.7701),
    at('2', 'Piste cyclable le long du fleuve', 11.3, 43.8),
    at('3', 'Bancs sur la place', 11.2502, 43.7702),
    at('4', 'Pistes cyclables', 11.2503, 43.7703, 'c2'),
  ];

  it('offers close proposals of the same category that share a title word', () => {
    const found = similarProposals(items, {
      title: 'Une piste cyclable ici',
      categoryId: 'c1',
      lng: 11.25,
      lat: 43.77,
    });
    expect(found.map((p) => p.id)).toEqual(['1']);
  });

  it('offers nothing for an empty title or no category', () => {
    expect(similarProposals(items, { title: 'ici', categoryId: 'c1', lng: 11.25, lat: 43.77 })).toEqual([]);
    expect(similarProposals(items, { title: 'Piste', categoryId: '', lng: 11.25, lat: 43.77 })).toEqual([]);
  });

  it('measures distances in metres', () => {
    expect(distanceMetres(11.25, 43.77, 11.25, 43.77 + 0.009)).toBeGreaterThan(990);
    expect(distanceMetres(11.25, 43.77, 11.25, 43.77 + 0.009)).toBeLessThan(1010);
  });
});
