// Reading the bank's list of account numbers: a number a line as banks print them, blank lines
// skipped, and each wrong line named by its number, told apart: not a number at all, a number
// whose check digits fail, the same number again.
import { describe, expect, it } from 'vitest';
import { nrbFromTemplate } from '../../../lib/nrb.ts';
import { readNumberList } from './number-list.ts';

const [a, b, c] = [1, 2, 3].map((sequence) =>
  nrbFromTemplate({ sortingCode: '10901014', prefix: '00000813' }, sequence),
);
const grouped = (nrb: string) => [nrb.slice(0, 2), ...nrb.slice(2).match(/\d{4}/g)!].join(' ');

describe('readNumberList', () => {
  it('reads numbers as printed, with PL, spaces, tabs, CR LF line ends and blank lines, keeping their lines', () => {
    const text = `${grouped(a!)}\r\n\r\n  PL${b}\t\n${c!.slice(0, 10)}\u00a0${c!.slice(10)}`;
    expect(readNumberList(text)).toEqual({
      numbers: [
        { number: a, line: 1 },
        { number: b, line: 3 },
        { number: c, line: 4 },
      ],
      problems: [],
    });
  });

  it('names a check-digit mistake, a line that is no number, and a repeated number by their lines', () => {
    const mistyped = `${a!.slice(0, 12)}${(Number(a![12]) + 1) % 10}${a!.slice(13)}`;
    const text = [b, 'konto lokalu 3', mistyped, `${b}1`, grouped(b!)].join('\n');
    expect(readNumberList(text)).toEqual({
      numbers: [{ number: b, line: 1 }],
      problems: [
        { line: 2, kind: 'format' },
        { line: 3, kind: 'checkDigits' },
        { line: 4, kind: 'format' },
        { line: 5, kind: 'repeated', firstLine: 1 },
      ],
    });
  });

  it('finds nothing in an empty or blank text', () => {
    expect(readNumberList('')).toEqual({ numbers: [], problems: [] });
    expect(readNumberList(' \n\t\r\n')).toEqual({ numbers: [], problems: [] });
  });
});
