// What a client sees of their payments: what is due on one of their accounts (the "Pay" page),
// their intents and the state of each, honestly: a payment the provider has not confirmed yet
// is "pending", whatever the return from the provider's page suggested.
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { dueCharges, type LedgerEntry, type MoneyAccount } from '../money/index.ts';
import { intentOfClient, intentsOfClient, type PaymentIntent } from './payment-intents.repo.ts';
import { payableAccount } from './start-payment.service.ts';
import { todayIn, type PaymentsDeps } from './payments.deps.ts';

export interface DueOverview {
  account: MoneyAccount;
  charges: { entry: LedgerEntry; outstanding: number; overdue: boolean }[];
  total: number;
}

export function dueOverview(
  deps: Pick<PaymentsDeps, 'db' | 'clock' | 'accountPayers'>,
  context: ServiceContext,
  clientId: string,
  accountId: string,
): Promise<DueOverview | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const today = todayIn(context.tenant.timeZone, deps.clock.now());
    const account = await payableAccount(trx, deps, { clientId, accountId, today });
    if (!account) return undefined;
    const charges = await dueCharges(trx, account.id, today);
    return { account, charges, total: charges.reduce((sum, charge) => sum + charge.outstanding, 0) };
  });
}

export function paymentsOfClient(
  deps: Pick<PaymentsDeps, 'db'>,
  context: ServiceContext,
  clientId: string,
): Promise<PaymentIntent[]> {
  return withTenant(deps.db, context.tenant.id, (trx) => intentsOfClient(trx, clientId));
}

export function paymentOfClient(
  deps: Pick<PaymentsDeps, 'db'>,
  context: ServiceContext,
  clientId: string,
  intentId: string,
): Promise<PaymentIntent | undefined> {
  return withTenant(deps.db, context.tenant.id, (trx) => intentOfClient(trx, clientId, intentId));
}
