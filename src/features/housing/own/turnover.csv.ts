// A premises' turnover as CSV for a spreadsheet, headed in the reader's language: per fund, the
// opening balance, each entry with what it charged or credited and the balance after it, the
// closing balance. Amounts are decimals of the currency's major unit, exact (decimalOf), and
// every cell a spreadsheet would run as a formula (one starting = + - @, a negative balance
// too) is neutralised: titles come from the accounting system and staff.
import { stringify } from 'csv-stringify/sync';
import { decimalOf } from '../../../lib/money.ts';
import { neutraliseFormula } from '../../../lib/spreadsheet.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import type { PremisesTurnover } from './my-premises.service.ts';

export function turnoverCsv(result: Extract<PremisesTurnover, { kind: 'turnover' }>, t: Translate): string {
  const cell = (value: string) => neutraliseFormula(value);
  const rows: string[][] = [
    ['fund', 'bookedOn', 'kind', 'title', 'charged', 'credited', 'balance'].map((column) => t(`housing:csv.${column}`)),
  ];
  for (const { account, turnover } of result.funds) {
    rows.push([account.name, turnover.from, t('housing:csv.opening'), '', '', '', decimalOf(turnover.opening)]);
    for (const entry of turnover.entries) {
      rows.push([
        account.name,
        entry.bookedOn,
        t(`money:kinds.${entry.kind}`),
        entry.title,
        entry.amount > 0 ? decimalOf(entry.amount) : '',
        entry.amount < 0 ? decimalOf(-entry.amount) : '',
        decimalOf(entry.runningBalance),
      ]);
    }
    rows.push([account.name, turnover.to, t('housing:csv.closing'), '', '', '', decimalOf(turnover.closing)]);
  }
  // A BOM, so that a spreadsheet opens the Polish and Czech letters as UTF-8.
  return `\ufeff${stringify(
    rows.map((row) => row.map(cell)),
    { delimiter: ';' },
  )}`;
}
