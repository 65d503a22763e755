// The demo premises' meter readings (issue #21): a cold and a hot water meter and a heat meter,
// read at the end of every June and December of the demo's three years, so the resident's
// overview shows each meter's history. The cold water meter was replaced a year and a half ago:
// the new one, with a number of its own, starts from nought (its first reading marked as a
// replacement). Values grow by what a flat of a few persons uses, varied from half-year to
// half-year; the heat meter counts most in the half-year that holds the winter's end.
import type { Knex } from 'knex';
import { insertReading } from '../src/features/housing/meters/meter-readings.repo.ts';
import type { MeterKind } from '../src/features/housing/meters/meter-readings.types.ts';

/** What a meter counts in a half-year, in thousandths, by its parity: [January–June, July–December]. */
const USE: Record<MeterKind, readonly [number, number]> = {
  water_cold: [31_400, 29_800],
  water_hot: [14_200, 12_900],
  heat: [13_600, 9_300],
};

/** The last days of June and December from `from` to `to` (YYYY-MM-DD), oldest first. */
function halfYearEnds(from: string, to: string): string[] {
  const days: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) {
    for (const day of [`${year}-06-30`, `${year}-12-31`]) if (day >= from && day <= to) days.push(day);
  }
  return days;
}

export async function seedMeterReadings(
  trx: Knex.Transaction,
  premises: { id: string; code: string },
  days: { from: string; to: string },
): Promise<void> {
  const ends = halfYearEnds(days.from, days.to);
  // The old cold water meter's last reading is three half-years before the newest.
  const replacedAt = Math.max(ends.length - 3, 1);
  const start: Record<MeterKind, number> = { water_cold: 412_300, water_hot: 198_750, heat: 61_020 };
  for (const kind of ['water_cold', 'water_hot', 'heat'] as const) {
    let value = start[kind];
    for (const [index, readOn] of ends.entries()) {
      const replaced = kind === 'water_cold' && index >= replacedAt;
      const [firstHalf, secondHalf] = USE[kind];
      const used = (readOn.endsWith('06-30') ? firstHalf : secondHalf) + ((index * 7_919) % 3_000);
      if (replaced && index === replacedAt) value = 0;
      else value += used;
      await insertReading(trx, premises.id, {
        kind,
        number: `${premises.code}-${kind === 'heat' ? 'C' : kind === 'water_hot' ? 'WC' : replaced ? 'WZ2' : 'WZ'}`,
        readOn,
        valueThousandths: value,
        replacement: replaced && index === replacedAt,
      });
    }
  }
}
