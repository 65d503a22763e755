// entitlements: the one module that reads and writes it. Appended, never changed: the latest of a
// kind counts (pass-rules.ts entitlementsOn).
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Entitlement, EntitlementKind } from './passes.types.ts';

interface EntitlementRow {
  id: string;
  client_id: string;
  kind: EntitlementKind;
  valid_until: string;
  recorded_at: Date;
}

export async function entitlementsOf(trx: Knex.Transaction, clientId: string): Promise<Entitlement[]> {
  const rows = (await tenantRows(trx, 'entitlements')
    .where({ client_id: clientId })
    .orderBy('recorded_at')
    .orderBy('id')
    .select([
      'id',
      'client_id',
      'kind',
      trx.raw('valid_until::text AS valid_until'),
      'recorded_at',
    ])) as EntitlementRow[];
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    kind: row.kind,
    validUntil: row.valid_until,
    recordedAt: row.recorded_at,
  }));
}

export async function insertEntitlement(
  trx: Knex.Transaction,
  entitlement: { clientId: string; kind: EntitlementKind; validUntil: string; staffId: string; now: Date },
): Promise<string> {
  const [row] = await trx('entitlements')
    .insert({
      client_id: entitlement.clientId,
      kind: entitlement.kind,
      valid_until: entitlement.validUntil,
      recorded_by: entitlement.staffId,
      recorded_at: entitlement.now,
    })
    .returning('id');
  return (row as { id: string }).id;
}
