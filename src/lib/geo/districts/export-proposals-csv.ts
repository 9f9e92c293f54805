import type { AggregationResult } from './aggregate-types.ts';
import { csvDocument } from './csv.ts';
import type { ExportLanguage, ExportMetadata } from './export-metadata.ts';
import type { DistrictLayer } from './types.ts';
import { districtLabel } from './district-label.ts';

const HEADERS = {
  en: [
    'proposal_id',
    'title',
    'longitude',
    'latitude',
    'district_id',
    'district',
    'category',
    'status',
    'created_at',
    'agree',
    'disagree',
    'net_score',
    'comments',
  ],
  fr: [
    'id_proposition',
    'titre',
    'longitude',
    'latitude',
    'id_secteur',
    'secteur',
    'categorie',
    'statut',
    'creee_le',
    'pour',
    'contre',
    'score_net',
    'commentaires',
  ],
} as const;

/** One row per filtered proposal, with its district on the given layer. No author or voter. */
export function exportProposalsCsv(
  result: AggregationResult,
  layer: DistrictLayer,
  metadata: ExportMetadata,
  language: ExportLanguage = 'en',
): string {
  const rows = result.proposals.map((p) => {
    const d = p.district === null ? null : districtLabel(layer, p.district);
    return [
      typeof p.id === 'number' ? p.id : String(p.id),
      p.title,
      p.lng,
      p.lat,
      d?.key ?? null,
      d?.name ?? null,
      p.category,
      p.status,
      p.createdAt,
      p.agree,
      p.disagree,
      p.net,
      p.comments,
    ];
  });
  return csvDocument(HEADERS[language], rows, metadata, language);
}
