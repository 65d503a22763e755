// The reconciliation report as CSV, headed in the reader's language: the totals, then the
// discrepancies. Every cell that a spreadsheet would run as a formula is neutralised, and the
// amounts are minor units written as decimals (never floats: 1250 → "12.50").
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../../lib/spreadsheet.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import type { Reconciliation } from './reconciliation.service.ts';

/** Minor units as a decimal string with two places, exactly. */
export function decimalOf(minorUnits: number | null): string {
  if (minorUnits === null) return '';
  const sign = minorUnits < 0 ? '-' : '';
  const abs = Math.abs(minorUnits);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function reconciliationCsv(report: Reconciliation, t: Translate): string {
  const cell = (value: string | number) => neutraliseFormula(String(value));
  const rows: (string | number)[][] = [
    [
      'date',
      'provider',
      'currency',
      'intents',
      'intendedAmount',
      'credited',
      'creditedAmount',
      'reportedPaid',
      'reportedAmount',
    ].map((column) => t(`adminPayments:csv.${column}`)),
    ...report.totals.map((total) => [
      report.date,
      total.provider,
      total.currency,
      total.intents,
      decimalOf(total.intendedAmount),
      total.credited,
      decimalOf(total.creditedAmount),
      total.reportedPaid,
      decimalOf(total.reportedAmount),
    ]),
    [],
    [
      'receivedAt',
      'provider',
      'outcome',
      'sessionId',
      'expectedAmount',
      'expectedCurrency',
      'reportedAmount',
      'reportedCurrency',
    ].map((column) => t(`adminPayments:csv.${column}`)),
    ...report.discrepancies.map((row) => [
      row.receivedAt.toISOString(),
      row.provider,
      t(`adminPayments:outcomes.${row.outcome}`),
      row.sessionId ?? '',
      decimalOf(row.expectedAmount),
      row.expectedCurrency ?? '',
      decimalOf(row.reportedAmount),
      row.reportedCurrency ?? '',
    ]),
  ];
  return stringify(rows.map((row) => row.map(cell)));
}
