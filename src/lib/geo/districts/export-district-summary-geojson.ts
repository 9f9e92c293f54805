import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { AggregationResult } from './aggregate-types.ts';
import type { ExportMetadata } from './export-metadata.ts';
import type { DistrictLayer } from './types.ts';

export type SummaryCollection = FeatureCollection<Polygon | MultiPolygon> & { metadata: ExportMetadata };

/**
 * The districts with their figures as flat properties (QGIS styles them directly), plus a
 * top-level `metadata` member (filters, time, licence, layer). Geometries are copied.
 */
export function exportDistrictSummaryGeojson(
  result: AggregationResult,
  layer: DistrictLayer,
  metadata: ExportMetadata,
): SummaryCollection {
  const features: Feature<Polygon | MultiPolygon>[] = layer.features.map((feature, i) => {
    const d = result.districts[i]!;
    return {
      type: 'Feature',
      ...(feature.id !== undefined ? { id: feature.id } : {}),
      geometry: structuredClone(feature.geometry),
      properties: {
        district_id: d.key,
        name: d.name,
        population: d.population,
        proposals: d.proposals,
        agree: d.agree,
        disagree: d.disagree,
        net_score: d.net,
        participants: d.participants,
        participants_per_1000: d.participantsPer1000,
        young_account_vote_share: d.integrity.youngAccountShare,
        vote_bursts: d.integrity.bursts.length,
        flagged: d.integrity.flagged,
        by_category: { ...d.byCategory },
        top_proposals: d.topProposals.map((p) => ({ ...p })),
      },
    };
  });
  return { type: 'FeatureCollection', metadata: { ...metadata, filters: { ...metadata.filters } }, features };
}
