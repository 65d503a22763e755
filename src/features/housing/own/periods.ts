// The turnover's period when the resident has not chosen one: the last twelve months up to the
// last day they may see, from the first of the month, not before their rights began.

export function defaultPeriod(windowFrom: string, lastDay: string): { from: string; to: string } {
  const [year, month] = lastDay.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
  return { from: start < windowFrom ? windowFrom : start, to: lastDay };
}
