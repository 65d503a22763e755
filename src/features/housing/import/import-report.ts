// The import's report as the staff's page shows it: the counts, and each problem as a sentence
// in the reader's language with its line, the first SHOWN_PROBLEMS of them (a file that is
// wrong throughout is wrong in the same way: the first hundred say how) and how many there are.
import type { Translate } from '../../../platform/i18n/i18n.ts';
import type { ImportReport } from './import-entries.service.ts';
import type { FileError, RowError } from './import.types.ts';

export const SHOWN_PROBLEMS = 100;

export interface ShownProblems {
  /** Problems found in all (the reader stops after 1,000 row errors, and says so). */
  total: number;
  /** The first of them, as sentences: "Line 12: …". */
  shown: string[];
}

export function shownProblems(report: ImportReport, t: Translate): ShownProblems {
  return {
    total: report.problems.length,
    shown: report.problems.slice(0, SHOWN_PROBLEMS).map((problem) => sentenceOf(problem, t)),
  };
}

function sentenceOf(problem: RowError | FileError, t: Translate): string {
  const column = problem.kind === 'error' ? problem.field : problem.column;
  const message = t(`housingImport:${problem.kind === 'error' ? 'problems' : 'fileProblems'}.${problem.problem}`, {
    column: column ? t(`housingImport:columns.${column}`) : '',
    firstLine: problem.kind === 'error' ? problem.firstLine : undefined,
  });
  return problem.line === undefined ? message : t('housingImport:report.atLine', { line: problem.line, message });
}
