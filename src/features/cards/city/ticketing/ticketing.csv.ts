// The two files the operator's ticketing system takes (docs/ticketing-export.md): for a machine,
// so headed with fixed English column names whatever the reader's language, comma-separated,
// UTF-8, times in UTC (ISO 8601) and amounts as decimals of major units ("10.00", never a float).
// Every cell a spreadsheet would run as a formula (one starting = + - @) is neutralised all the
// same, as a person may well open the file to look (lib/spreadsheet.ts).
import { stringify } from 'csv-stringify/sync';
import { decimalOf } from '../../../../lib/money.ts';
import { neutraliseFormula } from '../../../../lib/spreadsheet.ts';
import type { BlockedCard } from '../../cards.repo.ts';
import type { ExportableLoad } from './ticketing.service.ts';

const csv = (rows: readonly (readonly string[])[]) =>
  stringify(
    rows.map((row) => row.map(neutraliseFormula)),
    { record_delimiter: 'windows' },
  );

export const HOT_LIST_COLUMNS = ['card_number', 'blocked_at'] as const;

export function hotListCsv(blocked: readonly BlockedCard[]): string {
  return csv([HOT_LIST_COLUMNS, ...blocked.map((card) => [card.number, card.blockedAt.toISOString()])]);
}

export const PENDING_LOAD_COLUMNS = [
  'load_id',
  'card_number',
  'kind',
  'amount',
  'currency',
  'ticket_name',
  'valid_from',
  'valid_until',
  'origin',
  'moved_from_card_number',
  'created_at',
] as const;

export function pendingLoadsCsv(loads: readonly ExportableLoad[]): string {
  return csv([
    PENDING_LOAD_COLUMNS,
    ...loads.map((load) => [
      load.id,
      load.cardNumber,
      load.kind,
      decimalOf(load.amount),
      load.currency,
      load.ticket?.name ?? '',
      load.ticket?.validFrom ?? '',
      load.ticket?.validUntil ?? '',
      load.origin,
      load.movedFromNumber ?? '',
      load.createdAt.toISOString(),
    ]),
  ]);
}
