import type { AggregationResult } from './aggregate-types.ts';
import { csvDocument } from './csv.ts';
import type { ExportLanguage, ExportMetadata } from './export-metadata.ts';

const HEADERS = {
  en: [
    'district_id',
    'district',
    'population',
    'proposals',
    'agree',
    'disagree',
    'net_score',
    'participants',
    'participants_per_1000',
    'young_account_vote_share',
    'vote_bursts',
    'flagged',
    'by_category',
    'top_proposals',
  ],
  fr: [
    'id_secteur',
    'secteur',
    'population',
    'propositions',
    'pour',
    'contre',
    'score_net',
    'participants',
    'participants_pour_1000',
    'part_votes_comptes_recents',
    'rafales_de_votes',
    'signale',
    'par_categorie',
    'meilleures_propositions',
  ],
} as const;

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** Per-district summary as CSV (see csvDocument for the format). No voter identity is exported. */
export function exportDistrictSummaryCsv(
  result: AggregationResult,
  metadata: ExportMetadata,
  language: ExportLanguage = 'en',
): string {
  const yes = language === 'fr' ? 'oui' : 'yes';
  const no = language === 'fr' ? 'non' : 'no';
  const rows = result.districts.map((d) => [
    d.key,
    d.name,
    d.population,
    d.proposals,
    d.agree,
    d.disagree,
    d.net,
    d.participants,
    round(d.participantsPer1000, 3),
    round(d.integrity.youngAccountShare, 4),
    d.integrity.bursts.length,
    d.integrity.flagged ? yes : no,
    Object.entries(d.byCategory)
      .map(([c, n]) => `${c}: ${n}`)
      .join(' | '),
    d.topProposals.map((p) => `#${p.id} ${p.title} (${p.net})`).join(' | '),
  ]);
  return csvDocument(HEADERS[language], rows, metadata, language);
}
