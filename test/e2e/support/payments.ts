// The test provider's notifications, delivered as the worker delivers them, for journeys that
// pay online: the browser has paid on the provider's page, and this is the provider telling the
// portal. Returns how many were delivered.
import type { Clock } from '../../../src/lib/clock.ts';
import { deliverTestNotifications } from '../../../src/features/payments/test-provider/delivery.job.ts';
import { createLogger } from '../../../src/platform/logger.ts';
import { TEST_DATA_KEY } from '../../support/mail.ts';
import type { BrowserApp } from './harness.ts';

export function deliverPayments(e2e: BrowserApp, clock: Clock): Promise<number> {
  return deliverTestNotifications({
    db: e2e.db.worker,
    clock,
    logger: createLogger('silent'),
    config: { env: 'test', dataKey: TEST_DATA_KEY },
  });
}
