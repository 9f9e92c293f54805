import { describeFilters, type ExportLanguage, type ExportMetadata } from './export-metadata.ts';

/** `;` for French (Excel's list separator with a French locale), `,` for English. */
export function csvSeparator(language: ExportLanguage): string {
  return language === 'fr' ? ';' : ',';
}

/**
 * One CSV cell. Text starting with = + - @ tab or CR gets a leading apostrophe so that a
 * spreadsheet never reads it as a formula; numbers we computed are written as they are.
 * Cells holding the separator, a quote or a line break are quoted (quotes doubled).
 */
export function csvCell(value: string | number | null | undefined, separator: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV file: UTF-8 byte order mark, `#` comment lines with the metadata (one cell each),
 * the header row and the data rows, CRLF line ends.
 */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
  metadata: ExportMetadata,
  language: ExportLanguage,
): string {
  const sep = csvSeparator(language);
  const labels =
    language === 'fr'
      ? { made: 'Généré le', filters: 'Filtres', licence: 'Licence', layer: 'Découpage', source: 'Source' }
      : { made: 'Generated at', filters: 'Filters', licence: 'Licence', layer: 'Layer', source: 'Source' };
  const comments = [
    `# ${labels.made}: ${metadata.generatedAt}`,
    `# ${labels.filters}: ${describeFilters(metadata.filters)}`,
    `# ${labels.licence}: ${metadata.licence}`,
    `# ${labels.layer}: ${metadata.layer}`,
    ...(metadata.source ? [`# ${labels.source}: ${metadata.source}`] : []),
  ].map((line) => csvCell(line, sep));
  const lines = [
    ...comments,
    header.map((h) => csvCell(h, sep)).join(sep),
    ...rows.map((r) => r.map((c) => csvCell(c, sep)).join(sep)),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
