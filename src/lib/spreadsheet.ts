// CSV cells a spreadsheet opens safely. Spreadsheets run a cell that starts with = + - @ (or a
// tab or CR before one) as a formula, so a value typed by a client or a clerk could run as one
// on a manager's machine: such values get a leading apostrophe, which shows them as text.

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text, never evaluates. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
