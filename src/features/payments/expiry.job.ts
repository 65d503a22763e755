// Intents abandoned (the payer closed the provider's page, or never got there) are closed after
// INTENT_LIFETIME_MS, across tenants, by the worker. A notification that still says "paid"
// afterwards is credited all the same (notifications.service.ts): the provider has the money.
import type { FeatureJob, FeatureJobDeps } from '../../platform/feature.ts';
import { INTENT_LIFETIME_MS } from './payments.deps.ts';

export async function expireAbandonedIntents({ db, clock }: Pick<FeatureJobDeps, 'db' | 'clock'>): Promise<number> {
  const now = clock.now();
  const { rowCount } = await db.raw<{ rowCount: number }>(
    `UPDATE payment_intents SET state = 'expired', updated_at = ?
      WHERE state IN ('created', 'pending') AND created_at <= ?`,
    [now, new Date(now.getTime() - INTENT_LIFETIME_MS)],
  );
  return rowCount;
}

export const INTENT_EXPIRY: FeatureJob = {
  name: 'payment-intent-expiry',
  everyMs: 60_000,
  run: expireAbandonedIntents,
};
