// A client's "Pay" (issue #20): what is due on one of their accounts becomes an intent, the
// intent is registered with the provider, and the client is sent there. The form carries an
// idempotency key, so a double click (or a resent form) finds the intent the first click made
// and goes where it went. The provider is called between two transactions, never inside one: a
// provider's answer is a call over the network, and a row lock or a pooled connection held
// while it is out would let a slow provider take every connection. Registering is idempotent
// per session id (payment-provider.ts), so a second click registers the same transaction; a
// provider that does not answer leaves the intent unregistered, and its page says so.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { paymentRegistrationsFailed } from '../../platform/metrics/registry.ts';
import { absoluteUrl } from '../../platform/tenancy/absolute-url.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { dueCharges, findAccount, type MoneyAccount } from '../money/index.ts';
import { insertIntent, intentByKey, updateIntentIf, type PaymentIntent } from './payment-intents.repo.ts';
import { todayIn, type PaymentsDeps } from './payments.deps.ts';
import type { PaymentProvider, RegisteredTransaction } from './payment-provider.ts';

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

/**
 * An account the client may pay: their own, or one whose holder's feature says they may (a
 * premises they hold a right to today); nothing for any other (another client's, another
 * tenant's, a premises they have no right to).
 */
export async function payableAccount(
  trx: Knex.Transaction,
  deps: Pick<PaymentsDeps, 'accountPayers'>,
  payer: { clientId: string; accountId: string; today: string },
): Promise<MoneyAccount | undefined> {
  const account = await findAccount(trx, payer.accountId);
  if (!account) return undefined;
  if (account.ownerKind === 'client') return account.ownerId === payer.clientId ? account : undefined;
  for (const accountPayer of deps.accountPayers.filter((known) => known.ownerKind === account.ownerKind)) {
    if (await accountPayer.mayPay(trx, { clientId: payer.clientId, ownerId: account.ownerId, today: payer.today })) {
      return account;
    }
  }
  return undefined;
}

export async function startPayment(
  deps: PaymentsDeps,
  context: ServiceContext,
  payment: PaymentToStart,
): Promise<StartOutcome> {
  const provider = deps.providers.get(payment.provider);
  if (!provider) return { kind: 'notFound' };
  const made = await withTenant(deps.db, context.tenant.id, (trx) => intentFor(trx, deps, context, provider, payment));
  if (made.kind !== 'intent') return made;
  const { intent } = made;
  if (intent.clientId !== payment.clientId) return { kind: 'notFound' };
  if (intent.state === 'created') await register(deps, context, provider, intent, payment);
  return { kind: 'started', intentId: intent.id };
}

/** The intent of the form's idempotency key: the one an earlier click made, or one made now. */
async function intentFor(
  trx: Knex.Transaction,
  deps: PaymentsDeps,
  context: ServiceContext,
  provider: PaymentProvider,
  payment: PaymentToStart,
): Promise<{ kind: 'intent'; intent: PaymentIntent } | { kind: 'nothingDue' } | { kind: 'notFound' }> {
  const earlier = await intentByKey(trx, payment.idempotencyKey);
  if (earlier) return { kind: 'intent', intent: earlier };
  const now = deps.clock.now();
  const today = todayIn(context.tenant.timeZone, now);
  const account = await payableAccount(trx, deps, { clientId: payment.clientId, accountId: payment.accountId, today });
  if (!account) return { kind: 'notFound' };
  const due = await dueCharges(trx, account.id, today);
  const amount = due.reduce((sum, charge) => sum + charge.outstanding, 0);
  if (amount <= 0) return { kind: 'nothingDue' };
  // A click whose transaction commits between our look and our insert made it: the insert
  // waits for that commit, does nothing, and the intent read next is that click's.
  await insertIntent(trx, {
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
  return { kind: 'intent', intent: (await intentByKey(trx, payment.idempotencyKey))! };
}

async function register(
  deps: PaymentsDeps,
  context: ServiceContext,
  provider: PaymentProvider,
  intent: PaymentIntent,
  payment: PaymentToStart,
): Promise<void> {
  const { tenant } = context;
  let registered: RegisteredTransaction;
  try {
    registered = await provider.register({
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
  } catch {
    // The intent stays made and unregistered: its page says so and offers to pay again, the
    // expiry job ends it, and the operators see the provider failing in the metrics.
    paymentRegistrationsFailed.inc({ provider: provider.name });
    return;
  }
  await withTenant(deps.db, tenant.id, (trx) =>
    updateIntentIf(trx, intent.id, 'created', {
      state: 'pending',
      redirect_url: registered.redirectUrl,
      provider_order_id: registered.providerOrderId ?? null,
      updated_at: deps.clock.now(),
    }),
  );
}
