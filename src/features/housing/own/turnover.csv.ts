// A premises' turnover as CSV for a spreadsheet, headed in the reader's language: per fund, the
// opening balance, each entry with what it charged or credited and the balance after it, the
// closing balance. Amounts are decimals of the currency's major unit, exact (decimalOf), and
// every cell a spreadsheet would run as a formula (one starting = + - @, a negative balance
// too) is neutralised: titles come from the accounting system and staff. Written a page of
// entries at a time (exportTurnover), so a turnover of any length streams.
import { stringify } from 'csv-stringify/sync';
import { decimalOf } from '../../../lib/money.ts';
import { neutraliseFormula } from '../../../lib/spreadsheet.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import type { LedgerEntry, MoneyAccount } from '../../money/index.ts';

/** The lines as CSV text, every cell neutralised. */
export function csvText(rows: readonly string[][]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseFormula)),
    { delimiter: ';' },
  );
}

/** The file's beginning: a BOM, so that a spreadsheet opens the Polish and Czech letters as UTF-8, and the header. */
export function csvStart(t: Translate): string {
  const columns = ['fund', 'bookedOn', 'kind', 'title', 'charged', 'credited', 'balance'];
  return `\ufeff${csvText([columns.map((column) => t(`housing:csv.${column}`))])}`;
}

export function balanceRow(
  account: MoneyAccount,
  day: string,
  kind: 'opening' | 'closing',
  balance: number,
  t: Translate,
) {
  return [account.name, day, t(`housing:csv.${kind}`), '', '', '', decimalOf(balance)];
}

export function entryRow(account: MoneyAccount, entry: LedgerEntry & { runningBalance: number }, t: Translate) {
  return [
    account.name,
    entry.bookedOn,
    t(`money:kinds.${entry.kind}`),
    entry.title,
    entry.amount > 0 ? decimalOf(entry.amount) : '',
    entry.amount < 0 ? decimalOf(-entry.amount) : '',
    decimalOf(entry.runningBalance),
  ];
}
