// A provider's notification (issue #20), applied once whatever arrives: the signature checked in
// constant time by the provider's adapter, the provider asked to verify a payment it reports
// (before any transaction: a provider's verify is a call over the network, and no row lock or
// pooled connection may be held while it is out — held, fifty notifications at once took every
// connection and waited for one more), the intent named by it locked FOR UPDATE (so fifty copies
// at once are applied one after another, and only the first credits), the amount and currency
// compared to the grosz, and the ledger credited with the intent's id (postPayment is
// idempotent by it too). Every notification is recorded with what
// became of it, for staff; the provider always gets the answer it expects, a replay included,
// or it would keep resending.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import type { Tenant } from '../../platform/tenancy/tenant.ts';
import { postPayment } from '../money/index.ts';
import {
  lockedIntentBySession,
  recordNotification,
  updateIntent,
  type NotificationOutcome,
  type PaymentIntent,
} from './payment-intents.repo.ts';
import type { PaymentProvider, ProviderAnswer, ProviderNotification, RawNotification } from './payment-provider.ts';
import { todayIn, type PaymentsDeps } from './payments.deps.ts';

/** The provider's answer; undefined when no provider has that name (a 404). */
export async function receiveNotification(
  deps: PaymentsDeps,
  context: ServiceContext,
  providerName: string,
  raw: RawNotification,
): Promise<ProviderAnswer | undefined> {
  const provider = deps.providers.get(providerName);
  if (!provider) return undefined;
  const parsed = provider.parseNotification(raw);
  const received = {
    provider: provider.name,
    bodySha256: createHash('sha256').update(raw.body).digest('hex'),
    receivedAt: deps.clock.now(),
  };
  // A body signed for another merchant (another tenant's, replayed to this tenant's address)
  // names no session of this tenant's.
  const ours = parsed.kind === 'signed' && (parsed.notification.merchant ?? context.tenant.id) === context.tenant.id;
  const verified =
    ours && parsed.notification.status === 'paid' && (await verifiedBy(provider, context, parsed.notification));
  await withTenant(deps.db, context.tenant.id, async (trx) => {
    if (parsed.kind !== 'signed') {
      const sessionId = parsed.kind === 'badSignature' ? parsed.sessionId : undefined;
      return recordNotification(trx, {
        ...received,
        verified: false,
        outcome: parsed.kind,
        ...(sessionId ? { sessionId } : {}),
      });
    }
    const { notification } = parsed;
    const intent = ours ? await lockedIntentBySession(trx, provider.name, notification.sessionId) : undefined;
    const outcome = intent ? await apply(deps, trx, context, { intent, notification, verified }) : 'unknownSession';
    await recordNotification(trx, {
      ...received,
      verified: true,
      sessionId: notification.sessionId,
      ...(intent ? { intentId: intent.id } : {}),
      reported: { status: notification.status, amount: notification.amount, currency: notification.currency },
      outcome,
    });
  });
  return provider.answer();
}

async function apply(
  deps: PaymentsDeps,
  trx: Knex.Transaction,
  context: ServiceContext,
  { intent, notification, verified }: { intent: PaymentIntent; notification: ProviderNotification; verified: boolean },
): Promise<NotificationOutcome> {
  if (notification.amount !== intent.amount || notification.currency !== intent.currency) return 'mismatch';
  const now = deps.clock.now();
  if (intent.state === 'paid') return 'duplicate';
  if (notification.status === 'pending') return 'pending';
  if (notification.status === 'failed') {
    if (intent.state === 'created' || intent.state === 'pending') {
      await updateIntent(trx, intent.id, { state: 'failed', updated_at: now });
    }
    return 'failed';
  }
  // Paid, even after the intent expired or failed: the provider has the money, so it is credited.
  if (!verified) return 'notVerified';
  const entry = await postPayment(trx, context, {
    accountId: intent.accountId,
    amount: intent.amount,
    currency: intent.currency,
    bookedOn: todayIn(context.tenant.timeZone, now),
    title: intent.title,
    source: 'online',
    paymentIntentId: intent.id,
  });
  await updateIntent(trx, intent.id, { state: 'paid', credited_entry_id: entry.id, paid_at: now, updated_at: now });
  return 'credited';
}

/**
 * The provider's word that it was paid. A provider that cannot be reached (a timeout, an error)
 * has not confirmed it: the notification is recorded as not verified and answered, and the
 * provider sends it again later.
 */
async function verifiedBy(
  provider: PaymentProvider,
  context: ServiceContext,
  notification: ProviderNotification,
): Promise<boolean> {
  try {
    return await provider.verify(context.tenant.id, notification);
  } catch {
    return false;
  }
}

/** A notification is applied for nobody in particular: the provider is no actor of the tenant's. */
export function notificationContext(tenant: Tenant, requestId: string): ServiceContext {
  return { tenant, actor: { kind: 'system', job: 'payment-notification' }, requestId };
}
