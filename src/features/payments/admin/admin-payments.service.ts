// The staff's view of the tenant's payments (issue #20): a page of intents by filters, newest
// first by keyset, and the day's reconciliation (intents made, credited to the ledger, and what
// the providers reported), with what does not agree listed. Reading either is audited: it shows
// many clients' payments.
import type { Knex } from 'knex';
import { recordAudit } from '../../../platform/audit/record.ts';
import { startOfDayIn } from '../../../lib/zoned-date.ts';
import { tenantRows, withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';
import { intentOf, type IntentState, type PaymentIntent } from '../payment-intents.repo.ts';

export const PAYMENTS_PAGE_ROWS = 50;

export interface PaymentsFilter {
  state?: IntentState;
  provider?: string;
  from?: string;
  to?: string;
}

export interface PaymentsCursor {
  at: Date;
  id: string;
}

export function paymentsPage(
  db: Knex,
  context: StaffContext,
  filter: PaymentsFilter,
  after: PaymentsCursor | undefined,
): Promise<{ payments: PaymentIntent[]; next: PaymentsCursor | undefined }> {
  const zone = context.tenant.timeZone;
  return withTenant(db, context.tenant.id, async (trx) => {
    const query = tenantRows(trx, 'payment_intents');
    if (filter.state) query.where({ state: filter.state });
    if (filter.provider) query.where({ provider: filter.provider });
    if (filter.from) query.where('created_at', '>=', startOfDayIn(zone, filter.from));
    if (filter.to) query.where('created_at', '<', startOfDayIn(zone, filter.to, 1));
    if (after) query.whereRaw('(created_at, id) < (?, ?)', [after.at, after.id]);
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(PAYMENTS_PAGE_ROWS + 1);
    await recordAudit(trx, context, { action: 'payments.listed', subject: { kind: 'tenant', id: context.tenant.id } });
    const payments = rows.slice(0, PAYMENTS_PAGE_ROWS).map(intentOf);
    const last = payments.at(-1);
    return {
      payments,
      next: rows.length > PAYMENTS_PAGE_ROWS && last ? { at: last.createdAt, id: last.id } : undefined,
    };
  });
}
