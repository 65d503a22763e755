// Meter readings (issue #21): what a premises' meters showed on a day. A meter is its kind and
// its number in the premises; its unit follows from its kind. Values are thousandths of the
// unit (meters show three decimals; lib/quantity.ts reads what staff type).

export const METER_KINDS = ['water_cold', 'water_hot', 'heat'] as const;
export type MeterKind = (typeof METER_KINDS)[number];

export const METER_UNITS: Readonly<Record<MeterKind, 'm3' | 'GJ'>> = {
  water_cold: 'm3',
  water_hot: 'm3',
  heat: 'GJ',
};

export interface MeterReading {
  id: string;
  kind: MeterKind;
  number: string;
  /** YYYY-MM-DD */
  readOn: string;
  valueThousandths: number;
  /** The first reading of a new meter in the same place: it may be lower than the one before. */
  replacement: boolean;
}

/** One meter with its readings, newest first. */
export interface Meter {
  kind: MeterKind;
  number: string;
  unit: 'm3' | 'GJ';
  readings: MeterReading[];
}

/** Readings ordered by kind, number and day (newest first) as meters, in that order. */
export function metersOf(readings: readonly MeterReading[]): Meter[] {
  const meters: Meter[] = [];
  for (const reading of readings) {
    const last = meters.at(-1);
    if (last && last.kind === reading.kind && last.number === reading.number) last.readings.push(reading);
    else
      meters.push({ kind: reading.kind, number: reading.number, unit: METER_UNITS[reading.kind], readings: [reading] });
  }
  return meters;
}
