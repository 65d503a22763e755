// The export as a file. JSON: the sections as they are. CSV: one file with one row per value,
// columns section, record, field, value, headed in the requester's language as the page that
// offers the file names them (record counts the entries of a list section from 1;
// it is 1 for the single-record sections export and profile), so every section fits one sheet.
// Cells that a spreadsheet would run as a formula are neutralised (lib/spreadsheet.ts). The
// UTF-8 BOM makes Excel read Polish and Czech letters right.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../../lib/spreadsheet.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import type { ClientDataExport, ExportRecord, ExportSection } from './data-export.service.ts';

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function exportAsJson(data: ClientDataExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

function cell(value: ExportRecord[string]): string {
  if (value === null) return '';
  return neutraliseFormula(typeof value === 'boolean' ? String(value) : value);
}

/** The CSV's header row: section, record, field and value, in the requester's language. */
export type CsvHeader = readonly [section: string, record: string, field: string, value: string];

export function csvHeader(t: Translate): CsvHeader {
  return [
    t('myData:export.columns.section'),
    t('myData:export.columns.record'),
    t('myData:export.columns.field'),
    t('myData:export.columns.value'),
  ];
}

export function exportAsCsv(data: ClientDataExport, header: CsvHeader): string {
  const rows: string[][] = [];
  for (const [section, content] of Object.entries(data) as [ExportSection, ExportRecord | ExportRecord[]][]) {
    const records = Array.isArray(content) ? content : [content];
    records.forEach((record, index) => {
      for (const [field, value] of Object.entries(record)) rows.push([section, String(index + 1), field, cell(value)]);
    });
  }
  return stringify([[...header], ...rows], { bom: true });
}

/** e.g. okienko-mosir-zielonka-moje-dane-2026-11-23.csv, dated in the tenant's time zone. */
export function exportFileName(
  { slug, timeZone }: { slug: string; timeZone: string },
  stem: string,
  now: Date,
  format: ExportFormat,
): string {
  // en-CA writes dates as YYYY-MM-DD.
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
  return `okienko-${slug}-${stem}-${date}.${format}`;
}
