// The day's reconciliation (issue #20): per provider and currency, the intents made that day,
// those credited to the ledger, and what the providers reported paid in that day's
// notifications (a session reported twice counts as its latest report, a matching one first); then every disagreement: a notification whose amount or currency did not match
// its intent, one the provider would not verify, a bad signature, a body not theirs and an
// unknown session. Days are the tenant's calendar days.
import type { Knex } from 'knex';
import { recordAudit } from '../../../platform/audit/record.ts';
import { startOfDayIn } from '../../../lib/zoned-date.ts';
import { tenantIdOf, withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';

export interface ReconciliationTotals {
  provider: string;
  currency: string;
  intents: number;
  intendedAmount: number;
  credited: number;
  creditedAmount: number;
  reportedPaid: number;
  reportedAmount: number;
}

export interface Discrepancy {
  receivedAt: Date;
  provider: string;
  outcome: string;
  sessionId: string | null;
  intentId: string | null;
  expectedAmount: number | null;
  expectedCurrency: string | null;
  reportedAmount: number | null;
  reportedCurrency: string | null;
}

export interface Reconciliation {
  date: string;
  totals: ReconciliationTotals[];
  discrepancies: Discrepancy[];
}

const PROBLEMS = ['mismatch', 'notVerified', 'badSignature', 'malformed', 'unknownSession'];

export function reconciliation(db: Knex, context: StaffContext, date: string): Promise<Reconciliation> {
  const zone = context.tenant.timeZone;
  const [from, to] = [startOfDayIn(zone, date), startOfDayIn(zone, date, 1)];
  return withTenant(db, context.tenant.id, async (trx) => {
    const tenant = tenantIdOf(trx);
    const { rows: totals } = await trx.raw<{ rows: Record<string, unknown>[] }>(
      `WITH made AS (
         SELECT provider, currency, count(*) AS intents, sum(amount) AS intended,
                count(*) FILTER (WHERE credited_entry_id IS NOT NULL) AS credited,
                coalesce(sum(amount) FILTER (WHERE credited_entry_id IS NOT NULL), 0) AS credited_amount
           FROM payment_intents WHERE tenant_id = ? AND created_at >= ? AND created_at < ?
          GROUP BY provider, currency),
       reported AS (
         SELECT provider, reported_currency AS currency, count(DISTINCT provider_session_id) AS paid,
                coalesce(sum(sessions.amount), 0) AS amount
           FROM (SELECT DISTINCT ON (provider, provider_session_id) provider, provider_session_id,
                        reported_currency, reported_amount AS amount
                   FROM payment_notifications
                  WHERE tenant_id = ? AND received_at >= ? AND received_at < ? AND verified
                    AND reported_status = 'paid' AND outcome NOT IN ('notVerified', 'unknownSession')
                  ORDER BY provider, provider_session_id, received_at DESC, outcome IN ('credited', 'duplicate') DESC, id) AS sessions
          GROUP BY provider, reported_currency)
       SELECT coalesce(m.provider, r.provider) AS provider, coalesce(m.currency, r.currency) AS currency,
              coalesce(m.intents, 0) AS intents, coalesce(m.intended, 0) AS intended,
              coalesce(m.credited, 0) AS credited, coalesce(m.credited_amount, 0) AS credited_amount,
              coalesce(r.paid, 0) AS reported_paid, coalesce(r.amount, 0) AS reported_amount
         FROM made m FULL JOIN reported r ON r.provider = m.provider AND r.currency = m.currency
        ORDER BY 1, 2`,
      [tenant, from, to, tenant, from, to],
    );
    const discrepancies = await trx('payment_notifications as n')
      .leftJoin('payment_intents as i', function joinIntent() {
        this.on('i.tenant_id', '=', 'n.tenant_id').andOn('i.id', '=', 'n.intent_id');
      })
      .where('n.tenant_id', tenant)
      .where('n.received_at', '>=', from)
      .where('n.received_at', '<', to)
      .whereIn('n.outcome', PROBLEMS)
      .orderBy([{ column: 'n.received_at' }, { column: 'n.id' }])
      .limit(1000)
      .select(
        'n.received_at',
        'n.provider',
        'n.outcome',
        'n.provider_session_id',
        'n.intent_id',
        'i.amount',
        'i.currency',
        'n.reported_amount',
        'n.reported_currency',
      );
    await recordAudit(trx, context, {
      action: 'payments.reconciliation_viewed',
      subject: { kind: 'tenant', id: context.tenant.id },
      changes: { date: [null, date] },
    });
    return { date, totals: totals.map(totalsOf), discrepancies: discrepancies.map(discrepancyOf) };
  });
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function totalsOf(row: Record<string, unknown>): ReconciliationTotals {
  return {
    provider: row.provider as string,
    currency: row.currency as string,
    intents: Number(row.intents),
    intendedAmount: Number(row.intended),
    credited: Number(row.credited),
    creditedAmount: Number(row.credited_amount),
    reportedPaid: Number(row.reported_paid),
    reportedAmount: Number(row.reported_amount),
  };
}

function discrepancyOf(row: Record<string, unknown>): Discrepancy {
  return {
    receivedAt: row.received_at as Date,
    provider: row.provider as string,
    outcome: row.outcome as string,
    sessionId: (row.provider_session_id as string | null) ?? null,
    intentId: (row.intent_id as string | null) ?? null,
    expectedAmount: numberOrNull(row.amount),
    expectedCurrency: (row.currency as string | null) ?? null,
    reportedAmount: numberOrNull(row.reported_amount),
    reportedCurrency: (row.reported_currency as string | null) ?? null,
  };
}
