// buildings, premises, premises_rights, fee_components, allowance_decisions: the housing
// feature's tables, read and written only here. Every query names the transaction's tenant
// (tenantRows), so on Citus each reaches one shard. Dates travel as YYYY-MM-DD text.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type {
  AllowanceDecision,
  Building,
  FeeComponent,
  Fund,
  FeeBasis,
  MediaSettlement,
  Medium,
  Premises,
  PremisesKind,
  PremisesRight,
  RightKind,
  VisibleWindow,
} from './housing.types.ts';
import { tenantDataChanged } from '../../platform/cache/tenant-data-changed.ts';

const day = (trx: Knex.Transaction, column: string) =>
  trx.raw('??::text AS ??', [column, column.replace(/^\w+\./, '')]);

function premisesColumns() {
  return [
    'p.id',
    'p.building_id',
    'b.street',
    'b.house_number',
    'b.postal_code',
    'b.city',
    'p.number',
    'p.kind',
    'p.code',
    'p.area_hundredths',
    'p.persons',
    'p.account_number',
  ];
}

/** A building's address, as a row of buildings (or one joined to them) has it. */
function addressOf(row: Record<string, unknown>): Omit<Building, 'id'> {
  return {
    street: row.street as string,
    houseNumber: row.house_number as string,
    postalCode: row.postal_code as string,
    city: row.city as string,
  };
}

function toPremises(row: Record<string, unknown>): Premises {
  return {
    id: row.id as string,
    buildingId: row.building_id as string,
    ...addressOf(row),
    number: row.number as string,
    kind: row.kind as PremisesKind,
    code: row.code as string,
    areaHundredths: row.area_hundredths as number,
    persons: row.persons as number,
    accountNumber: (row.account_number as string | null) ?? null,
  };
}

function premisesWithBuilding(trx: Knex.Transaction) {
  return tenantRows(trx, 'premises as p').join('buildings as b', function joinBuilding() {
    this.on('b.tenant_id', '=', 'p.tenant_id').andOn('b.id', '=', 'p.building_id');
  });
}

export async function premisesById(trx: Knex.Transaction, premisesId: string): Promise<Premises | undefined> {
  const row = await premisesWithBuilding(trx).where('p.id', premisesId).first(premisesColumns());
  return row ? toPremises(row) : undefined;
}

/** Every premises' id by its code in the accounting system. */
export async function premisesIdsByCode(trx: Knex.Transaction): Promise<Map<string, string>> {
  const rows = await tenantRows(trx, 'premises').select('id', 'code');
  return new Map(rows.map((row) => [row.code as string, row.id as string]));
}

/** The premises whose code begins with `prefix` (all when it is empty), by code. */
export async function premisesByCodePrefix(trx: Knex.Transaction, prefix: string, limit: number): Promise<Premises[]> {
  const escaped = prefix.replace(/[\\%_]/g, (character) => `\\${character}`);
  const rows = await premisesWithBuilding(trx)
    .whereLike('p.code', `${escaped}%`)
    .orderBy([{ column: 'p.code' }, { column: 'p.id' }])
    .limit(limit)
    .select(premisesColumns());
  return rows.map(toPremises);
}

/** Locks the premises' row: what two clerks changing its rights at once queue on. */
export async function lockPremises(trx: Knex.Transaction, premisesId: string): Promise<void> {
  await tenantRows(trx, 'premises').where('id', premisesId).forUpdate().first('id');
}

export async function premisesByCode(trx: Knex.Transaction, code: string): Promise<Premises | undefined> {
  const row = await premisesWithBuilding(trx).where('p.code', code).first(premisesColumns());
  return row ? toPremises(row) : undefined;
}

function toRight(row: Record<string, unknown>): PremisesRight {
  return {
    id: row.id as string,
    premisesId: row.premises_id as string,
    clientId: row.client_id as string,
    kind: row.kind as RightKind,
    validFrom: row.valid_from as string,
    validTo: (row.valid_to as string | null) ?? null,
  };
}

const rightColumns = (trx: Knex.Transaction) => [
  'r.id',
  'r.premises_id',
  'r.client_id',
  'r.kind',
  day(trx, 'r.valid_from'),
  day(trx, 'r.valid_to'),
];

/** A client's rights, every premises they hold or held one to, oldest first. */
export async function rightsOfClient(trx: Knex.Transaction, clientId: string): Promise<PremisesRight[]> {
  const rows = await tenantRows(trx, 'premises_rights as r')
    .where('r.client_id', clientId)
    .select(rightColumns(trx))
    .orderBy([{ column: 'r.valid_from' }, { column: 'r.id' }]);
  return rows.map(toRight);
}

export async function rightsToPremises(trx: Knex.Transaction, premisesId: string): Promise<PremisesRight[]> {
  const rows = await tenantRows(trx, 'premises_rights as r')
    .where('r.premises_id', premisesId)
    .select(rightColumns(trx))
    .orderBy([{ column: 'r.valid_from' }, { column: 'r.id' }]);
  return rows.map(toRight);
}

export async function rightById(trx: Knex.Transaction, rightId: string): Promise<PremisesRight | undefined> {
  const row = await tenantRows(trx, 'premises_rights as r').where('r.id', rightId).first(rightColumns(trx));
  return row ? toRight(row) : undefined;
}

/** The days of a premises the client's rights cover, or undefined when they hold none to it. */
export async function windowOf(
  trx: Knex.Transaction,
  clientId: string,
  premisesId: string,
): Promise<VisibleWindow | undefined> {
  const row = await tenantRows(trx, 'premises_rights')
    .where({ client_id: clientId, premises_id: premisesId })
    .first(
      trx.raw('min(valid_from)::text AS "from"'),
      trx.raw('CASE WHEN bool_or(valid_to IS NULL) THEN NULL ELSE max(valid_to)::text END AS "to"'),
    );
  return row?.from ? { from: row.from as string, to: (row.to as string | null) ?? null } : undefined;
}

export async function insertBuilding(
  trx: Knex.Transaction,
  building: { street: string; houseNumber: string; postalCode: string; city: string },
): Promise<string> {
  await tenantDataChanged(trx);
  const [row] = await trx('buildings')
    .insert({
      street: building.street,
      house_number: building.houseNumber,
      postal_code: building.postalCode,
      city: building.city,
    })
    .returning('id');
  return (row as { id: string }).id;
}

const buildingColumns = ['id', 'street', 'house_number', 'postal_code', 'city'];

function toBuilding(row: Record<string, unknown>): Building {
  return { id: row.id as string, ...addressOf(row) };
}

export async function buildingById(trx: Knex.Transaction, buildingId: string): Promise<Building | undefined> {
  const row = await tenantRows(trx, 'buildings').where('id', buildingId).first(buildingColumns);
  return row ? toBuilding(row) : undefined;
}

/** The tenant's buildings by city, street and number, each with how many premises it has. */
export async function buildingsWithPremisesCount(
  trx: Knex.Transaction,
): Promise<(Building & { premisesCount: number })[]> {
  const counts = tenantRows(trx, 'premises')
    .groupBy('tenant_id', 'building_id')
    .select('tenant_id', 'building_id', trx.raw('count(*)::int AS n'));
  const rows = await tenantRows(trx, 'buildings as b')
    .leftJoin(counts.as('c'), function joinCounts() {
      this.on('c.tenant_id', '=', 'b.tenant_id').andOn('c.building_id', '=', 'b.id');
    })
    .select([...buildingColumns.map((column) => `b.${column}`), trx.raw('coalesce(c.n, 0)::int AS premises_count')])
    .orderBy([{ column: 'b.city' }, { column: 'b.street' }, { column: 'b.house_number' }, { column: 'b.id' }]);
  return rows.map((row) => ({ ...toBuilding(row), premisesCount: row.premises_count as number }));
}

/** Writes the building's address; false when the tenant has no such building. */
export async function updateBuilding(
  trx: Knex.Transaction,
  buildingId: string,
  building: Omit<Building, 'id'>,
): Promise<boolean> {
  await tenantDataChanged(trx);
  const changed = await tenantRows(trx, 'buildings').where('id', buildingId).update({
    street: building.street,
    house_number: building.houseNumber,
    postal_code: building.postalCode,
    city: building.city,
  });
  return changed === 1;
}

/** The building's premises, by kind and number. */
export async function premisesOfBuilding(trx: Knex.Transaction, buildingId: string): Promise<Premises[]> {
  const rows = await premisesWithBuilding(trx)
    .where('p.building_id', buildingId)
    .orderBy([{ column: 'p.kind' }, { column: 'p.number' }, { column: 'p.id' }])
    .select(premisesColumns());
  return rows.map(toPremises);
}

/** Writes what a premises' fees are reckoned by: its area and the persons counted. */
export async function updatePremisesData(
  trx: Knex.Transaction,
  premisesId: string,
  data: Pick<Premises, 'areaHundredths' | 'persons'>,
): Promise<boolean> {
  await tenantDataChanged(trx);
  const changed = await tenantRows(trx, 'premises')
    .where('id', premisesId)
    .update({ area_hundredths: data.areaHundredths, persons: data.persons });
  return changed === 1;
}

export async function insertPremises(
  trx: Knex.Transaction,
  premises: Omit<Premises, 'id' | 'street' | 'houseNumber' | 'postalCode' | 'city'>,
): Promise<string> {
  await tenantDataChanged(trx);
  const [row] = await trx('premises')
    .insert({
      building_id: premises.buildingId,
      number: premises.number,
      kind: premises.kind,
      code: premises.code,
      area_hundredths: premises.areaHundredths,
      persons: premises.persons,
      account_number: premises.accountNumber,
    })
    .returning('id');
  return (row as { id: string }).id;
}

export async function insertRight(trx: Knex.Transaction, right: Omit<PremisesRight, 'id'>): Promise<string> {
  await tenantDataChanged(trx);
  const [row] = await trx('premises_rights')
    .insert({
      premises_id: right.premisesId,
      client_id: right.clientId,
      kind: right.kind,
      valid_from: right.validFrom,
      valid_to: right.validTo,
    })
    .returning('id');
  return (row as { id: string }).id;
}

/** Ends a running right on `lastDay` (not before its first day); false when it had ended already. */
export async function endRight(trx: Knex.Transaction, rightId: string, lastDay: string): Promise<boolean> {
  await tenantDataChanged(trx);
  const changed = await tenantRows(trx, 'premises_rights')
    .where({ id: rightId })
    .where('valid_from', '<=', lastDay)
    .whereNull('valid_to')
    .update({ valid_to: lastDay });
  return changed === 1;
}

const feeColumns = (trx: Knex.Transaction) => [
  'f.id',
  'f.premises_id',
  'f.fund',
  'f.title',
  'f.basis',
  trx.raw('f.rate::text AS rate'),
  day(trx, 'f.valid_from'),
  day(trx, 'f.valid_to'),
];

function toFee(row: Record<string, unknown>): FeeComponent {
  return {
    id: row.id as string,
    premisesId: row.premises_id as string,
    fund: row.fund as Fund,
    title: row.title as string,
    basis: row.basis as FeeBasis,
    rate: Number(row.rate),
    validFrom: row.valid_from as string,
    validTo: (row.valid_to as string | null) ?? null,
  };
}

/** The fee components in force on `date`, by fund and title. */
export async function feesOn(trx: Knex.Transaction, premisesId: string, date: string): Promise<FeeComponent[]> {
  const rows = await tenantRows(trx, 'fee_components as f')
    .where('f.premises_id', premisesId)
    .where('f.valid_from', '<=', date)
    .where((open) => open.whereNull('f.valid_to').orWhere('f.valid_to', '>=', date))
    .select(feeColumns(trx))
    .orderBy([{ column: 'f.fund' }, { column: 'f.title' }, { column: 'f.id' }]);
  return rows.map(toFee);
}

/** Every fee component row of the premises, past, present and future: by fund and title, newest first. */
export async function feeHistory(trx: Knex.Transaction, premisesId: string): Promise<FeeComponent[]> {
  const rows = await tenantRows(trx, 'fee_components as f')
    .where('f.premises_id', premisesId)
    .select(feeColumns(trx))
    .orderBy([
      { column: 'f.fund' },
      { column: 'f.title' },
      { column: 'f.valid_from', order: 'desc' },
      { column: 'f.id' },
    ]);
  return rows.map(toFee);
}

/** Sets the last day of a fee component row that has none yet (not before its first day); false otherwise. */
export async function endFee(trx: Knex.Transaction, feeId: string, lastDay: string): Promise<boolean> {
  await tenantDataChanged(trx);
  const changed = await tenantRows(trx, 'fee_components')
    .where({ id: feeId })
    .where('valid_from', '<=', lastDay)
    .whereNull('valid_to')
    .update({ valid_to: lastDay });
  return changed === 1;
}

export async function insertFee(trx: Knex.Transaction, fee: Omit<FeeComponent, 'id'>): Promise<string> {
  await tenantDataChanged(trx);
  const [row] = await trx('fee_components')
    .insert({
      premises_id: fee.premisesId,
      fund: fee.fund,
      title: fee.title,
      basis: fee.basis,
      rate: fee.rate,
      valid_from: fee.validFrom,
      valid_to: fee.validTo,
    })
    .returning('id');
  return (row as { id: string }).id;
}

/** Every allowance decision of the premises, the latest period first. */
export async function allowanceDecisionsOf(trx: Knex.Transaction, premisesId: string): Promise<AllowanceDecision[]> {
  const rows = await tenantRows(trx, 'allowance_decisions as a')
    .where('a.premises_id', premisesId)
    .select(
      'a.id',
      'a.title',
      trx.raw('a.monthly_amount::text AS monthly_amount'),
      day(trx, 'a.valid_from'),
      day(trx, 'a.valid_to'),
    )
    .orderBy([
      { column: 'a.valid_from', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ]);
  return rows.map((row) => ({
    id: row.id as string,
    title: row.title as string,
    monthlyAmount: Number(row.monthly_amount),
    validFrom: row.valid_from as string,
    validTo: row.valid_to as string,
  }));
}

export async function insertAllowance(
  trx: Knex.Transaction,
  premisesId: string,
  allowance: Omit<AllowanceDecision, 'id'>,
): Promise<void> {
  await tenantDataChanged(trx);
  await trx('allowance_decisions').insert({
    premises_id: premisesId,
    title: allowance.title,
    monthly_amount: allowance.monthlyAmount,
    valid_from: allowance.validFrom,
    valid_to: allowance.validTo,
  });
}

/** The premises' latest settlements, newest first. */
export async function settlementsOf(
  trx: Knex.Transaction,
  premisesId: string,
  limit: number,
): Promise<MediaSettlement[]> {
  const rows = await tenantRows(trx, 'media_settlements as s')
    .where('s.premises_id', premisesId)
    .select(
      's.id',
      's.medium',
      day(trx, 's.period_from'),
      day(trx, 's.period_to'),
      trx.raw('s.consumption_thousandths::text AS consumption_thousandths'),
      's.unit',
      trx.raw('s.advances::text AS advances'),
      trx.raw('s.cost::text AS cost'),
      day(trx, 's.settled_on'),
    )
    .orderBy([
      { column: 's.settled_on', order: 'desc' },
      { column: 's.id', order: 'desc' },
    ])
    .limit(limit);
  return rows.map((row) => ({
    id: row.id as string,
    medium: row.medium as Medium,
    periodFrom: row.period_from as string,
    periodTo: row.period_to as string,
    consumptionThousandths: Number(row.consumption_thousandths),
    unit: row.unit as 'm3' | 'GJ',
    advances: Number(row.advances),
    cost: Number(row.cost),
    settledOn: row.settled_on as string,
  }));
}

/** Whether a settlement of the medium already covers a day of the period. */
export async function settlementOverlaps(
  trx: Knex.Transaction,
  premisesId: string,
  medium: Medium,
  period: { from: string; to: string },
): Promise<{ periodFrom: string; periodTo: string } | undefined> {
  const row = await tenantRows(trx, 'media_settlements as s')
    .where({ 's.premises_id': premisesId, 's.medium': medium })
    .where('s.period_from', '<=', period.to)
    .where('s.period_to', '>=', period.from)
    .first(day(trx, 's.period_from'), day(trx, 's.period_to'));
  return row ? { periodFrom: row.period_from as string, periodTo: row.period_to as string } : undefined;
}

export async function insertSettlement(
  trx: Knex.Transaction,
  premisesId: string,
  settlement: Omit<MediaSettlement, 'id'> & { entryId: string | null },
): Promise<void> {
  await tenantDataChanged(trx);
  await trx('media_settlements').insert({
    premises_id: premisesId,
    medium: settlement.medium,
    period_from: settlement.periodFrom,
    period_to: settlement.periodTo,
    consumption_thousandths: settlement.consumptionThousandths,
    unit: settlement.unit,
    advances: settlement.advances,
    cost: settlement.cost,
    settled_on: settlement.settledOn,
    entry_id: settlement.entryId,
  });
}
