// A plain-text table for terminals: columns padded to their widest cell, no borders, so the
// output stays readable and greppable.
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  // Code points, not UTF-16 units, so names with Polish or Czech letters line up.
  const width = (text: string): number => [...text].length;
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell + ' '.repeat(widths[column]! - width(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
