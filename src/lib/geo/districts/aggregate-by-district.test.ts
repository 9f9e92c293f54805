import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateByDistrict } from './aggregate-by-district.ts';
import type { AggregateFilters, AggregateProposal, AggregateVote, IntegrityOptions } from './aggregate-types.ts';
import type { DistrictLayer } from './types.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/aggregate');

interface Input {
  layer: DistrictLayer;
  proposals: AggregateProposal[];
  votes: AggregateVote[] | null;
  filters: AggregateFilters;
  options: IntegrityOptions;
}

describe('aggregateByDistrict fixtures (in/ → out/)', () => {
  for (const file of readdirSync(join(FIXTURES, 'in'))) {
    it(file.replace(/\.json$/, ''), () => {
      const input = JSON.parse(readFileSync(join(FIXTURES, 'in', file), 'utf8')) as Input;
      const before = JSON.stringify(input);
      const expected = JSON.parse(readFileSync(join(FIXTURES, 'out', file), 'utf8')) as unknown;
      const result = aggregateByDistrict(input.proposals, input.votes, input.layer, input.filters, input.options);
      expect({
        outside: result.outside,
        districts: result.districts.map((d) => ({
          key: d.key,
          name: d.name,
          population: d.population,
          proposals: d.proposals,
          agree: d.agree,
          disagree: d.disagree,
          net: d.net,
          participants: d.participants,
          participantsPer1000: d.participantsPer1000,
          byCategory: d.byCategory,
          topIds: d.topProposals.map((p) => p.id),
          youngAccountShare: d.integrity.youngAccountShare,
          bursts: d.integrity.bursts.length,
          flagged: d.integrity.flagged,
        })),
      }).toEqual(expected);
      expect(JSON.stringify(input)).toBe(before);
      expect(JSON.stringify(result)).not.toMatch(/voterKey|authorKey|"u\d"|"b\d"/);
    });
  }
});

describe('votes without voter keys (what the dashboard receives)', () => {
  const layer: DistrictLayer = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: 'Square' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
              [0, 0],
            ],
          ],
        },
      },
    ],
  };
  it('counts agree/disagree and the young-account share from the flag, and no voter as participant', () => {
    const votes: AggregateVote[] = [
      { proposalId: 1, value: 'agree', createdAt: '2026-01-01T10:00:00Z', voterYoung: true },
      { proposalId: 1, value: 'agree', createdAt: '2026-01-01T11:00:00Z', voterYoung: false },
      { proposalId: 1, value: 'disagree', createdAt: '2026-01-01T12:00:00Z', voterYoung: false },
      { proposalId: 1, value: 'agree', createdAt: '2026-01-01T12:00:00Z', voterYoung: null },
    ];
    const [d] = aggregateByDistrict([{ id: 1, lng: 0.5, lat: 0.5 }], votes, layer).districts;
    expect([d!.agree, d!.disagree, d!.participants]).toEqual([3, 1, 0]);
    expect(d!.integrity.votesWithAccountAge).toBe(3);
    expect(d!.integrity.youngAccountShare).toBeCloseTo(1 / 3);
    expect(d!.integrity.flagged).toBe(true);
  });
});
