import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateByDistrict } from './aggregate-by-district.ts';
import type { AggregateProposal, AggregateVote } from './aggregate-types.ts';
import { csvCell } from './csv.ts';
import { exportDistrictSummaryCsv } from './export-district-summary-csv.ts';
import { exportDistrictSummaryGeojson } from './export-district-summary-geojson.ts';
import type { ExportMetadata } from './export-metadata.ts';
import { exportProposalsCsv } from './export-proposals-csv.ts';
import { exportProposalsGeojson } from './export-proposals-geojson.ts';
import type { DistrictLayer } from './types.ts';

const input = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/aggregate/in/votes-border-outside-bursts.json'), 'utf8'),
) as { layer: DistrictLayer; proposals: AggregateProposal[]; votes: AggregateVote[] };
const proposals = input.proposals.map((p) => (p.id === 2 ? { ...p, title: '=HYPERLINK("http://x";"y")' } : p));
const result = aggregateByDistrict(proposals, input.votes, input.layer, { categories: ['green', 'mobility'] });
const metadata: ExportMetadata = {
  generatedAt: '2026-11-23T10:00:00.000Z',
  filters: { categories: ['green', 'mobility'] },
  licence: 'ODbL-1.0',
  layer: 'Official districts',
};

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 6', "'+33 6"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    ['a;b', '"a;b"'],
    ['say "hi"', '"say ""hi"""'],
  ])('%j → %j', (value, expected) => expect(csvCell(value, ';')).toBe(expected));
  it('writes our numbers as numbers, negative included', () => expect(csvCell(-3, ';')).toBe('-3'));
});

describe('exports', () => {
  it('district CSV: BOM, metadata comments, French header with ;, no identities', () => {
    const csv = exportDistrictSummaryCsv(result, metadata, 'fr');
    expect(csv.startsWith('\uFEFF# Généré le: 2026-11-23T10:00:00.000Z\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.slice(1, 4)).toEqual([
      '# Filtres: category=green,mobility',
      '# Licence: ODbL-1.0',
      '# Découpage: Official districts',
    ]);
    expect(lines[4]!.split(';').slice(0, 7)).toEqual([
      'id_secteur',
      'secteur',
      'population',
      'propositions',
      'pour',
      'contre',
      'score_net',
    ]);
    expect(lines[5]!.split(';').slice(0, 8)).toEqual(['west', 'West', '2000', '3', '3', '1', '2', '5']);
    expect(csv).not.toMatch(/u5|voter/);
  });

  it('proposal CSV: English header with , and formula-safe titles', () => {
    const csv = exportProposalsCsv(result, input.layer, metadata, 'en');
    const lines = csv.slice(1).split('\r\n');
    expect(lines[4]).toBe(
      'proposal_id,title,longitude,latitude,district_id,district,category,status,created_at,agree,disagree,net_score,comments',
    );
    expect(csv).toContain(`2,"'=HYPERLINK(""http://x"";""y"")",0.2,0.8,west,West,mobility,accepted`);
    expect(lines.some((l) => l.startsWith('5,Out of town,5,5,,,green'))).toBe(true);
  });

  it('district GeoJSON: figures as properties and a metadata member, geometry copied', () => {
    const geojson = exportDistrictSummaryGeojson(result, input.layer, metadata);
    expect(geojson.metadata).toEqual(metadata);
    expect(geojson.features[1]!.properties).toMatchObject({
      district_id: 'east',
      proposals: 1,
      agree: 4,
      net_score: 4,
      flagged: true,
    });
    expect(geojson.features[0]!.geometry).toEqual(input.layer.features[0]!.geometry);
    expect(geojson.features[0]!.geometry).not.toBe(input.layer.features[0]!.geometry);
  });

  it('proposal GeoJSON: points with district, category, status and counts', () => {
    const geojson = exportProposalsGeojson(result, input.layer, metadata);
    expect(geojson.features[2]).toMatchObject({
      geometry: { type: 'Point', coordinates: [1, 0.5] },
      properties: { proposal_id: 3, district_id: 'west', category: 'green', status: 'new', agree: 1, disagree: 0 },
    });
    expect(JSON.stringify(geojson)).not.toMatch(/authorKey|voterKey|"u\d"/);
  });
});
