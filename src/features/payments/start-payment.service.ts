// A client's "Pay" (issue #20): what is due on one of their accounts becomes an intent, the
// intent is registered with the provider, and the client is sent there. The form carries an
// idempotency key, so a double click (or a resent form) finds the intent the first click made,
// waiting on its row lock while the first click registers it, and goes where it went.
// The provider is called inside the transaction holding that lock: a slower answer, in
// exchange for never registering one intent twice.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { absoluteUrl } from '../../platform/tenancy/absolute-url.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { dueCharges, findAccount, type MoneyAccount } from '../money/index.ts';
import { insertIntent, lockedIntentByKey, updateIntent, type PaymentIntent } from './payment-intents.repo.ts';
import { todayIn, type PaymentsDeps } from './payments.deps.ts';
import type { PaymentProvider } from './payment-provider.ts';

export interface PaymentToStart {
  clientId: string;
  accountId: string;
  idempotencyKey: string;
  email: string;
  language: 'pl' | 'en' | 'cs';
  provider: string;
}

export type StartOutcome =
  /** The intent (made now or by an earlier click): its page, from which the client goes to pay. */
  { kind: 'started'; intentId: string } | { kind: 'nothingDue' } | { kind: 'notFound' };

/** The client's own account, or nothing (another client's, a premises', another tenant's). */
export async function clientAccount(
  trx: Knex.Transaction,
  clientId: string,
  accountId: string,
): Promise<MoneyAccount | undefined> {
  const account = await findAccount(trx, accountId);
  return account?.ownerKind === 'client' && account.ownerId === clientId ? account : undefined;
}

export async function startPayment(
  deps: PaymentsDeps,
  context: ServiceContext,
  payment: PaymentToStart,
): Promise<StartOutcome> {
  const provider = deps.providers.get(payment.provider);
  if (!provider) return { kind: 'notFound' };
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const earlier = await lockedIntentByKey(trx, payment.idempotencyKey);
    if (earlier) return earlier.clientId === payment.clientId ? started(earlier) : { kind: 'notFound' };
    const account = await clientAccount(trx, payment.clientId, payment.accountId);
    if (!account) return { kind: 'notFound' };
    const now = deps.clock.now();
    const due = await dueCharges(trx, account.id, todayIn(context.tenant.timeZone, now));
    const amount = due.reduce((sum, charge) => sum + charge.outstanding, 0);
    if (amount <= 0) return { kind: 'nothingDue' };
    const made = await insertIntent(trx, {
      clientId: payment.clientId,
      accountId: account.id,
      amount,
      currency: account.currency,
      title: account.name,
      chargeIds: due.map((charge) => charge.entry.id),
      idempotencyKey: payment.idempotencyKey,
      provider: provider.name,
      providerSessionId: randomUUID(),
      now,
    });
    // Made by a click whose transaction committed between our look and our insert.
    const intent = (await lockedIntentByKey(trx, payment.idempotencyKey))!;
    if (!made) return intent.clientId === payment.clientId ? started(intent) : { kind: 'notFound' };
    await register(deps, trx, context, provider, intent, payment);
    return started(intent);
  });
}

async function register(
  deps: PaymentsDeps,
  trx: Knex.Transaction,
  context: ServiceContext,
  provider: PaymentProvider,
  intent: PaymentIntent,
  payment: PaymentToStart,
): Promise<void> {
  const { tenant } = context;
  const registered = await provider.register({
    merchant: tenant.id,
    sessionId: intent.providerSessionId,
    amount: intent.amount,
    currency: intent.currency,
    description: `${tenant.name}: ${intent.title}`.slice(0, 200),
    email: payment.email,
    returnUrl: absoluteUrl(deps.publicUrl, tenant, `/account/payments/${intent.id}`),
    notifyUrl: absoluteUrl(deps.publicUrl, tenant, `/payments/notifications/${provider.name}`),
    language: payment.language,
  });
  await updateIntent(trx, intent.id, {
    state: 'pending',
    redirect_url: registered.redirectUrl,
    provider_order_id: registered.providerOrderId ?? null,
    updated_at: deps.clock.now(),
  });
}

function started(intent: PaymentIntent): StartOutcome {
  return { kind: 'started', intentId: intent.id };
}
