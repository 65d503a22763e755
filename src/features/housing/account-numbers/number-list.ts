// Reading a list of account numbers as a bank hands it out (issue #21): plain text, one NRB a
// line, as normaliseNrb reads one (spaces anywhere, an optional "PL" in front). Blank lines are
// skipped; every other line is a number or a problem named by its line, so the manager can fix
// the file and paste it again. A number twice in the list is a problem at its second line.
import { NRB_LENGTH, normaliseNrb } from '../../../lib/nrb.ts';

/** How many numbers one paste may bring: a page's form stays well inside the body limit. */
export const MAX_LISTED_NUMBERS = 500;

export type ListProblem =
  /** Not 26 digits (other characters, or another count). */
  | { line: number; kind: 'format' }
  /** 26 digits whose check digits do not match: a digit mistyped or misread. */
  | { line: number; kind: 'checkDigits' }
  /** The same number as on an earlier line. */
  | { line: number; kind: 'repeated'; firstLine: number };

export interface ReadList {
  numbers: { number: string; line: number }[];
  problems: ListProblem[];
}

const SPACES = /[ \u00a0\u202f\t]/g;

export function readNumberList(text: string): ReadList {
  const numbers: ReadList['numbers'] = [];
  const problems: ListProblem[] = [];
  const seen = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const typed = raw.replace(SPACES, '');
    if (typed === '') return;
    const number = normaliseNrb(typed);
    if (number === undefined) {
      const digits = typed.replace(/^PL/i, '');
      const kind = new RegExp(`^[0-9]{${NRB_LENGTH}}$`).test(digits) ? 'checkDigits' : 'format';
      problems.push({ line, kind });
      return;
    }
    const firstLine = seen.get(number);
    if (firstLine !== undefined) {
      problems.push({ line, kind: 'repeated', firstLine });
      return;
    }
    seen.set(number, line);
    numbers.push({ number, line });
  });
  return { numbers, problems };
}
