// The test provider's side of a payment: the transaction its page shows, and the payer's choice
// there. Paying or failing queues the notification the provider owes the merchant (delivered by
// delivery.job.ts); abandoning sends nothing, as a payer who closes a real provider's page does,
// and the intent expires. A choice is made once: a second click changes nothing.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { asTenantId, tenantRows, withTenant } from '../../../platform/tenancy/tenant-transaction.ts';

export interface TestTransaction {
  merchant: string;
  sessionId: string;
  orderId: string;
  amount: number;
  currency: 'PLN' | 'CZK';
  description: string;
  status: 'registered' | 'paid' | 'failed' | 'abandoned';
  returnUrl: string;
}

export const TEST_PROVIDER_CHOICES = ['pay', 'fail', 'abandon'] as const;
export type TestProviderChoice = (typeof TEST_PROVIDER_CHOICES)[number];

const STATUS_OF: Record<TestProviderChoice, TestTransaction['status']> = {
  pay: 'paid',
  fail: 'failed',
  abandon: 'abandoned',
};

export async function testTransaction(
  db: Knex,
  merchant: string,
  sessionId: string,
): Promise<TestTransaction | undefined> {
  return withTenant(db, asTenantId(merchant), async (trx) => {
    const row = await tenantRows(trx, 'test_provider_transactions').where({ session_id: sessionId }).first();
    return row && transactionOf(merchant, row);
  });
}

/** Records the payer's choice once and queues its notification; the transaction as it now is. */
export async function decideTestTransaction(
  deps: { db: Knex; clock: Clock },
  merchant: string,
  sessionId: string,
  choice: TestProviderChoice,
): Promise<TestTransaction | undefined> {
  return withTenant(deps.db, asTenantId(merchant), async (trx) => {
    const row = await tenantRows(trx, 'test_provider_transactions')
      .where({ session_id: sessionId })
      .forUpdate()
      .first();
    if (!row) return undefined;
    if (row.status !== 'registered') return transactionOf(merchant, row);
    const now = deps.clock.now();
    const status = STATUS_OF[choice];
    await tenantRows(trx, 'test_provider_transactions')
      .where({ session_id: sessionId })
      .update({ status, decided_at: now });
    if (status !== 'abandoned') {
      const body = JSON.stringify({
        merchant,
        sessionId,
        orderId: row.order_id,
        amount: Number(row.amount),
        currency: row.currency,
        status,
      });
      await trx('test_provider_notifications').insert({
        session_id: sessionId,
        notify_url: row.notify_url,
        body,
        next_attempt_at: now,
        created_at: now,
      });
    }
    return transactionOf(merchant, { ...row, status });
  });
}

function transactionOf(merchant: string, row: Record<string, unknown>): TestTransaction {
  return {
    merchant,
    sessionId: row.session_id as string,
    orderId: row.order_id as string,
    amount: Number(row.amount),
    currency: row.currency as TestTransaction['currency'],
    description: row.description as string,
    status: row.status as TestTransaction['status'],
    returnUrl: row.return_url as string,
  };
}
