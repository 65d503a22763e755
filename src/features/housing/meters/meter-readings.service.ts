// A premises' meter readings (issue #21): staff see every reading and record one; a resident's
// overview shows those of the days their rights cover (premises_overview reads them). A meter only counts
// up, so a reading lower than the one before it on the same meter is refused, unless it is the
// first of a new meter put in its place (a replacement), and so is one higher than the one
// after it (a reading recorded late, between two). One reading a day per meter, none for a day
// to come. Recording locks the premises (two at once queue) and is audited.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';
import type { Premises } from '../housing.types.ts';
import { lockPremises, premisesById } from '../premises.repo.ts';
import { insertReading, readingsAround, readingsOf } from './meter-readings.repo.ts';
import { metersOf, type Meter, type MeterKind, type MeterReading } from './meter-readings.types.ts';

export interface MetersDeps {
  db: Knex;
  clock: Clock;
}

export interface MetersAtDesk {
  premises: Premises;
  today: string;
  meters: Meter[];
}

export function metersAtDesk(
  deps: MetersDeps,
  context: StaffContext,
  premisesId: string,
): Promise<MetersAtDesk | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const premises = await premisesById(trx, premisesId);
    if (!premises) return undefined;
    const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
    return { premises, today, meters: metersOf(await readingsOf(trx, premisesId)) };
  });
}

export type ReadingOutcome =
  | { kind: 'recorded' }
  | { kind: 'notFound' }
  | { kind: 'future' }
  | { kind: 'sameDay' }
  /** Lower than the meter's reading before it, and not marked as a new meter. */
  | { kind: 'lower'; before: MeterReading }
  /** Higher than the meter's reading after it. */
  | { kind: 'higher'; after: MeterReading };

export function recordReading(
  deps: MetersDeps,
  context: StaffContext,
  input: {
    premisesId: string;
    kind: MeterKind;
    meterNumber: string;
    readOn: string;
    value: number;
    replacement: boolean;
  },
): Promise<ReadingOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<ReadingOutcome> => {
    const premises = await premisesById(trx, input.premisesId);
    if (!premises) return { kind: 'notFound' };
    if (input.readOn > calendarDayIn(context.tenant.timeZone, deps.clock.now())) return { kind: 'future' };
    await lockPremises(trx, premises.id);
    const meter = { premisesId: premises.id, kind: input.kind, number: input.meterNumber };
    const { before, on, after } = await readingsAround(trx, meter, input.readOn);
    if (on) return { kind: 'sameDay' };
    if (before && input.value < before.valueThousandths && !input.replacement) return { kind: 'lower', before };
    if (after && !after.replacement && input.value > after.valueThousandths) return { kind: 'higher', after };
    const reading = {
      kind: input.kind,
      number: input.meterNumber,
      readOn: input.readOn,
      valueThousandths: input.value,
      replacement: input.replacement,
    };
    await insertReading(trx, premises.id, reading);
    await recordAudit(trx, context, {
      action: 'housing.meter_reading_recorded',
      subject: { kind: 'premises', id: premises.id },
      changes: {
        premises: [null, premises.code],
        meterKind: [null, reading.kind],
        meterNumber: [null, reading.number],
        readOn: [null, reading.readOn],
        valueThousandths: [null, reading.valueThousandths],
        replacement: [null, reading.replacement],
      },
    });
    return { kind: 'recorded' };
  });
}
