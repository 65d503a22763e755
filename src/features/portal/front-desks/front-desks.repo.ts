// Front desks and their opening hours. Like every repository, it takes a transaction that
// withTenant() has already scoped; it never receives a tenant id.
import type { Knex } from 'knex';
import { notify } from '../../../platform/db/notify.ts';
import { TENANTS_CHANGED_CHANNEL } from '../../../platform/tenancy/tenant-registry.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

export interface OpeningInterval {
  weekday: number;
  opens: string;
  closes: string;
}

export interface FrontDesk {
  id: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  hours: OpeningInterval[];
}

export async function listFrontDesks(trx: Knex.Transaction, onlyId?: string): Promise<FrontDesk[]> {
  const query = tenantRows(trx, 'service_points as s')
    .leftJoin('opening_hours as h', function joinHours() {
      this.on('h.tenant_id', 's.tenant_id').andOn('h.service_point_id', 's.id');
    })
    .select(
      's.id',
      's.name',
      's.street',
      's.postal_code',
      's.city',
      's.phone',
      's.email',
      'h.weekday',
      trx.raw("to_char(h.opens, 'HH24:MI') AS opens"),
      trx.raw("to_char(h.closes, 'HH24:MI') AS closes"),
    )
    .orderBy([{ column: 's.position' }, { column: 's.name' }, { column: 'h.weekday' }, { column: 'h.opens' }]);
  const rows = await (onlyId === undefined ? query : query.where('s.id', onlyId));
  const desks = new Map<string, FrontDesk>();
  for (const row of rows) {
    let desk = desks.get(row.id);
    if (!desk) {
      desk = {
        id: row.id,
        name: row.name,
        street: row.street,
        postalCode: row.postal_code,
        city: row.city,
        phone: row.phone,
        email: row.email,
        hours: [],
      };
      desks.set(row.id, desk);
    }
    if (row.weekday !== null) desk.hours.push({ weekday: row.weekday, opens: row.opens, closes: row.closes });
  }
  return [...desks.values()];
}

export interface FrontDeskInput {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  phone?: string;
  email?: string;
  /** [weekday, opens, closes] with ISO weekdays, e.g. [1, '07:30', '15:30']. */
  hours: [number, string, string][];
}

/** Replaces all front desks of the scoped tenant (seeds and tests). */
export async function replaceFrontDesks(trx: Knex.Transaction, desks: FrontDeskInput[]): Promise<void> {
  await tenantRows(trx, 'service_points').delete();
  for (const [position, desk] of desks.entries()) await insertDesk(trx, desk, position);
  // The registry holds each tenant's front desks: every process reloads.
  await notify(trx, TENANTS_CHANGED_CHANNEL);
}

// One desk at a time, as a manager edits them (features/tenant-settings): each change
// announced as replaceFrontDesks announces, for the registry's copy of the desks.

/** The desk, locked against a concurrent change until the transaction ends; undefined when none. */
export async function lockedFrontDesk(trx: Knex.Transaction, id: string): Promise<FrontDesk | undefined> {
  const locked = await tenantRows(trx, 'service_points').where({ id }).forUpdate().first('id');
  return locked ? (await listFrontDesks(trx, id))[0] : undefined;
}

function deskColumns(desk: FrontDeskInput) {
  return {
    name: desk.name,
    street: desk.street,
    postal_code: desk.postalCode,
    city: desk.city,
    phone: desk.phone ?? null,
    email: desk.email ?? null,
  };
}

async function insertHours(trx: Knex.Transaction, id: string, hours: FrontDeskInput['hours']): Promise<void> {
  if (hours.length === 0) return;
  await trx('opening_hours').insert(
    hours.map(([weekday, opens, closes]) => ({
      tenant_id: trx.raw("current_setting('app.tenant_id')::uuid"),
      service_point_id: id,
      weekday,
      opens,
      closes,
    })),
  );
}

async function insertDesk(trx: Knex.Transaction, desk: FrontDeskInput, position: number): Promise<string> {
  const [row] = await trx('service_points')
    .insert({ tenant_id: trx.raw("current_setting('app.tenant_id')::uuid"), ...deskColumns(desk), position })
    .returning('id');
  await insertHours(trx, row.id, desk.hours);
  return row.id as string;
}

/** A new desk, last in the list; its id. */
export async function insertFrontDesk(trx: Knex.Transaction, desk: FrontDeskInput): Promise<string> {
  const [last] = await tenantRows(trx, 'service_points').max({ position: 'position' });
  const id = await insertDesk(trx, desk, Number(last?.position ?? -1) + 1);
  await notify(trx, TENANTS_CHANGED_CHANNEL);
  return id;
}

/** The desk's details and hours replaced (its place in the list kept). */
export async function updateFrontDesk(trx: Knex.Transaction, id: string, desk: FrontDeskInput): Promise<void> {
  await tenantRows(trx, 'service_points').where({ id }).update(deskColumns(desk));
  await tenantRows(trx, 'opening_hours').where({ service_point_id: id }).delete();
  await insertHours(trx, id, desk.hours);
  await notify(trx, TENANTS_CHANGED_CHANNEL);
}

/** The desk and its hours gone; whether there was one. */
export async function deleteFrontDesk(trx: Knex.Transaction, id: string): Promise<boolean> {
  const deleted = await tenantRows(trx, 'service_points').where({ id }).delete();
  if (deleted > 0) await notify(trx, TENANTS_CHANGED_CHANNEL);
  return deleted > 0;
}
