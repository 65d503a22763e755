// Payments (issue #20): a client pays what is due on their account through a provider, and the
// provider's notification credits the ledger (money/, through its index.ts) once. It owns
// payment_intents and payment_notifications (payment-intents.repo.ts), and the built-in test
// provider's tables (test-provider/), which exist outside production only in use: the provider,
// its pages and its delivery are refused there.
import { defineFeature, type FeatureConfig } from '../../platform/feature.ts';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.ts';
import { adminPaymentsRouter } from './admin/admin-payments.routes.ts';
import { clientPaymentsRouter } from './client-payments.routes.ts';
import { INTENT_EXPIRY } from './expiry.job.ts';
import { notificationsRouter } from './notifications.routes.ts';
import type { PaymentProvider, PaymentProviders } from './payment-provider.ts';
import { TEST_PROVIDER_DELIVERY } from './test-provider/delivery.job.ts';
import { testProvider, testProviderAllowed, testProviderKey } from './test-provider/test-provider.ts';
import { testProviderRouter } from './test-provider/test-provider.routes.ts';

/** The providers this portal takes payments through: the test provider outside production (P24 and PayU adapters to come). */
export function paymentProviders(config: FeatureConfig, db: Knex, clock: Clock): PaymentProviders {
  const providers: PaymentProvider[] = [];
  if (testProviderAllowed(config)) {
    providers.push(testProvider({ db, clock, publicUrl: config.publicUrl, key: testProviderKey(config.dataKey) }));
  }
  return new Map(providers.map((provider) => [provider.name, provider]));
}

export const payments = defineFeature({
  name: 'payments',
  routers: ({ config, db, clock, secureCookies, accountPayers, creditFollowUps }) => {
    const providers = paymentProviders(config, db, clock);
    const deps = { db, clock, providers, publicUrl: config.publicUrl, accountPayers, creditFollowUps };
    // The provider a client pays through: the first there is (none in production until an adapter is configured).
    const [provider] = providers.keys();
    return {
      tenantAssets: [notificationsRouter(deps)],
      tenant: provider ? [clientPaymentsRouter({ ...deps, provider })] : [],
      tenantAdmin: [adminPaymentsRouter({ db, clock, secureCookies })],
      root: testProviderAllowed(config) ? [testProviderRouter({ db, clock })] : [],
    };
  },
  jobs: [INTENT_EXPIRY, TEST_PROVIDER_DELIVERY],
  templateLocals: [
    // the client's pages: their payments, one payment, what is due and the form's key
    ...['payments', 'payment', 'due', 'key'],
    // the test provider's page
    ...['transaction', 'action'],
    // the staff's list and the day's reconciliation
    ...['report', 'olderUrl', 'csvUrl'],
  ],
});

export type { PaymentProvider, PaymentProviders } from './payment-provider.ts';
