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

export async function listFrontDesks(trx: Knex.Transaction): Promise<FrontDesk[]> {
  const rows = await tenantRows(trx, 'service_points as s')
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

/** Replaces all front desks of the scoped tenant (seeds and, later, tenant administration). */
export async function replaceFrontDesks(trx: Knex.Transaction, desks: FrontDeskInput[]): Promise<void> {
  await tenantRows(trx, 'service_points').delete();
  for (const [position, desk] of desks.entries()) {
    const [row] = await trx('service_points')
      .insert({
        tenant_id: trx.raw("current_setting('app.tenant_id')::uuid"),
        name: desk.name,
        street: desk.street,
        postal_code: desk.postalCode,
        city: desk.city,
        phone: desk.phone ?? null,
        email: desk.email ?? null,
        position,
      })
      .returning('id');
    if (desk.hours.length === 0) continue;
    await trx('opening_hours').insert(
      desk.hours.map(([weekday, opens, closes]) => ({
        tenant_id: trx.raw("current_setting('app.tenant_id')::uuid"),
        service_point_id: row.id,
        weekday,
        opens,
        closes,
      })),
    );
  }
  // The registry holds each tenant's front desks: every process reloads.
  await notify(trx, TENANTS_CHANGED_CHANNEL);
}
