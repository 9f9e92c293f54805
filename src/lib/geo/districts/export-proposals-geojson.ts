import type { Feature, FeatureCollection, Point } from 'geojson';
import type { AggregationResult } from './aggregate-types.ts';
import { districtLabel } from './district-label.ts';
import type { ExportMetadata } from './export-metadata.ts';
import type { DistrictLayer } from './types.ts';

export type ProposalCollection = FeatureCollection<Point> & { metadata: ExportMetadata };

/** One Point feature per filtered proposal with district, category, status and counts. */
export function exportProposalsGeojson(
  result: AggregationResult,
  layer: DistrictLayer,
  metadata: ExportMetadata,
): ProposalCollection {
  const features: Feature<Point>[] = result.proposals.map((p) => {
    const d = p.district === null ? null : districtLabel(layer, p.district);
    return {
      type: 'Feature',
      id: p.id,
      geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
      properties: {
        proposal_id: p.id,
        title: p.title,
        district_id: d?.key ?? null,
        district: d?.name ?? null,
        category: p.category,
        status: p.status,
        created_at: p.createdAt,
        agree: p.agree,
        disagree: p.disagree,
        net_score: p.net,
        comments: p.comments,
      },
    };
  });
  return { type: 'FeatureCollection', metadata: { ...metadata, filters: { ...metadata.filters } }, features };
}
