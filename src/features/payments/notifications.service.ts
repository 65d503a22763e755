// A provider's notification (issue #20), applied once whatever arrives: the signature checked in
// constant time by the provider's adapter, the provider asked to verify a payment it reports
// (before the database is touched: a provider's verify is a call over the network, and no row
// lock or pooled connection may be held while it is out — held, fifty notifications at once
// took every connection and waited for one more), then the rest in one call of
// apply_payment_notification (migrations/functions/ says what it does: the intent locked, the
// amount and currency compared to the grosz, the ledger credited once, the notification
// recorded), sent as a prepared statement like sign-in's, since notifications come by the
// hundred a second. A body that is not a signed notification of this tenant's is recorded here
// with what it was. The provider always gets the answer it expects, a replay included, or it
// would keep resending.
import { createHash } from 'node:crypto';
import { runPrepared, type PreparedStatement } from '../../platform/db/prepared-statement.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import type { Tenant } from '../../platform/tenancy/tenant.ts';
import { recordNotification, type ReceivedNotification } from './payment-intents.repo.ts';
import type { PaymentProvider, ProviderAnswer, ProviderNotification, RawNotification } from './payment-provider.ts';
import { todayIn, type PaymentsDeps } from './payments.deps.ts';

const APPLY_NOTIFICATION: PreparedStatement = {
  name: 'apply_payment_notification',
  text: 'SELECT apply_payment_notification($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS applied',
};

interface Applied {
  outcome: string;
  /** Whose account was credited, when it was (now or by an earlier copy). */
  ownerKind: string | null;
  ownerId: string | null;
}

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
  // names no session of this tenant's: it is recorded below, and no intent is looked for.
  const notification = parsed.kind === 'signed' ? parsed.notification : undefined;
  if (notification && (notification.merchant ?? context.tenant.id) === context.tenant.id) {
    const verified = notification.status === 'paid' && (await verifiedBy(provider, context, notification));
    const [row] = await runPrepared<{ applied: Applied }>(deps.db, APPLY_NOTIFICATION, [
      context.tenant.id,
      provider.name,
      notification.sessionId,
      notification.status,
      notification.amount,
      notification.currency,
      verified,
      received.receivedAt,
      todayIn(context.tenant.timeZone, received.receivedAt),
      received.bodySha256,
    ]);
    await followUp(deps, context, row?.applied);
    return provider.answer();
  }
  const recorded: ReceivedNotification =
    parsed.kind === 'signed'
      ? {
          ...received,
          verified: true,
          sessionId: parsed.notification.sessionId,
          reported: {
            status: parsed.notification.status,
            amount: parsed.notification.amount,
            currency: parsed.notification.currency,
          },
          outcome: 'unknownSession',
        }
      : {
          ...received,
          verified: false,
          outcome: parsed.kind,
          ...(parsed.kind === 'badSignature' && parsed.sessionId ? { sessionId: parsed.sessionId } : {}),
        };
  await withTenant(deps.db, context.tenant.id, (trx) => recordNotification(trx, recorded));
  return provider.answer();
}

/** The follow-ups of the features that keep the credited account's holder, if any. */
async function followUp(deps: PaymentsDeps, context: ServiceContext, applied: Applied | undefined): Promise<void> {
  const { ownerKind, ownerId } = applied ?? {};
  if (!ownerKind || !ownerId) return;
  const followUps = deps.creditFollowUps.filter((followUp) => followUp.ownerKind === ownerKind);
  if (followUps.length === 0) return;
  await withTenant(deps.db, context.tenant.id, async (trx) => {
    for (const followUp of followUps) await followUp.credited(trx, context, ownerId);
  });
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
