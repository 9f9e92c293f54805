import {
  exportDistrictSummaryCsv,
  exportDistrictSummaryGeojson,
  exportProposalsCsv,
  exportProposalsGeojson,
  type AggregationResult,
  type DistrictLayer,
  type ExportLanguage,
  type ExportMetadata,
} from '../../lib/geo/districts/index.ts';

export type ExportKind = 'summary-csv' | 'summary-geojson' | 'proposals-csv' | 'proposals-geojson';
export const EXPORT_KINDS: readonly ExportKind[] = [
  'summary-csv',
  'summary-geojson',
  'proposals-csv',
  'proposals-geojson',
];

/** Proposals and the figures made from them; the boundaries keep their own licence (the source line). */
export const DATA_LICENCE = 'CC BY 4.0 (proposals and figures) / boundaries and population: see source';

export interface ExportInput {
  result: AggregationResult;
  layer: DistrictLayer;
  /** The layer's name as the file says it: "official districts" or the uploaded file's name. */
  layerName: string;
  city: string;
  source: string;
  language: ExportLanguage;
  now: Date;
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(geo)?json$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** One export as a file: name, type and text. No author or voter is in any of them. */
export function makeExport(kind: ExportKind, input: ExportInput): { name: string; type: string; text: string } {
  const { result, layer, language } = input;
  const metadata: ExportMetadata = {
    generatedAt: input.now.toISOString(),
    filters: result.filters,
    licence: DATA_LICENCE,
    layer: input.layerName,
    source: input.source,
  };
  const what = kind.startsWith('summary') ? 'summary-by-district' : 'proposals';
  const day = input.now.toISOString().slice(0, 10);
  const base = [slug(input.city), what, slug(input.layerName), day].filter(Boolean).join('_');
  if (kind === 'summary-csv' || kind === 'proposals-csv') {
    const text =
      kind === 'summary-csv'
        ? exportDistrictSummaryCsv(result, metadata, language)
        : exportProposalsCsv(result, layer, metadata, language);
    return { name: `${base}.csv`, type: 'text/csv;charset=utf-8', text };
  }
  const collection =
    kind === 'summary-geojson'
      ? exportDistrictSummaryGeojson(result, layer, metadata)
      : exportProposalsGeojson(result, layer, metadata);
  return { name: `${base}.geojson`, type: 'application/geo+json', text: JSON.stringify(collection) };
}

/** Hands a file to the browser's download. */
export function download(file: { name: string; type: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
