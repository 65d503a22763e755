// meter_readings: a premises' meters' readings, read and written only here (and read for the
// resident's overview by premises_overview, in one call with the rest). Every query names
// the transaction's tenant (tenantRows), so on Citus each reaches one shard; the table's unique
// key (premises, kind, number, day) serves each look-up. Dates travel as YYYY-MM-DD text.
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { MeterKind, MeterReading } from './meter-readings.types.ts';
import { tenantDataChanged } from '../../../platform/cache/tenant-data-changed.ts';

const columns = (trx: Knex.Transaction) => [
  'm.id',
  'm.meter_kind',
  'm.meter_number',
  trx.raw('m.read_on::text AS read_on'),
  trx.raw('m.value_thousandths::text AS value_thousandths'),
  'm.replacement',
];

function toReading(row: Record<string, unknown>): MeterReading {
  return {
    id: row.id as string,
    kind: row.meter_kind as MeterKind,
    number: row.meter_number as string,
    readOn: row.read_on as string,
    valueThousandths: Number(row.value_thousandths),
    replacement: row.replacement as boolean,
  };
}

/** Every reading of the premises, by meter, newest first. */
export async function readingsOf(trx: Knex.Transaction, premisesId: string): Promise<MeterReading[]> {
  const rows = await tenantRows(trx, 'meter_readings as m')
    .where('m.premises_id', premisesId)
    .select(columns(trx))
    .orderBy([{ column: 'm.meter_kind' }, { column: 'm.meter_number' }, { column: 'm.read_on', order: 'desc' }]);
  return rows.map(toReading);
}

/** The meter's readings nearest `day`: the last before it, the one on it, the first after it. */
export async function readingsAround(
  trx: Knex.Transaction,
  meter: { premisesId: string; kind: MeterKind; number: string },
  day: string,
): Promise<{ before?: MeterReading; on?: MeterReading; after?: MeterReading }> {
  const ofMeter = () =>
    tenantRows(trx, 'meter_readings as m').where({
      'm.premises_id': meter.premisesId,
      'm.meter_kind': meter.kind,
      'm.meter_number': meter.number,
    });
  const before = await ofMeter().where('m.read_on', '<', day).orderBy('m.read_on', 'desc').first(columns(trx));
  const on = await ofMeter().where('m.read_on', day).first(columns(trx));
  const after = await ofMeter().where('m.read_on', '>', day).orderBy('m.read_on').first(columns(trx));
  return {
    ...(before ? { before: toReading(before) } : {}),
    ...(on ? { on: toReading(on) } : {}),
    ...(after ? { after: toReading(after) } : {}),
  };
}

export async function insertReading(
  trx: Knex.Transaction,
  premisesId: string,
  reading: Omit<MeterReading, 'id'>,
): Promise<void> {
  await tenantDataChanged(trx);
  await trx('meter_readings').insert({
    premises_id: premisesId,
    meter_kind: reading.kind,
    meter_number: reading.number,
    read_on: reading.readOn,
    value_thousandths: reading.valueThousandths,
    replacement: reading.replacement,
  });
}
