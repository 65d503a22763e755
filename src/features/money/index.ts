// Money (issue #20): accounts, an append-only ledger in integer minor units, settling payments
// against the oldest debts, and the pages that show them (the client's own, the counter's).
// Other features reach the ledger only through what is exported here; its tables are this
// feature's alone (money_accounts, ledger_entries, ledger_allocations).
import { defineFeature } from '../../platform/feature.ts';
import { accountPageRouter } from './till/account-page.routes.ts';
import { MONEY_ACCOUNTS_PANEL } from './till/accounts.panel.ts';
import { myMoneyRouter } from './own/my-money.routes.ts';

export const money = defineFeature({
  name: 'money',
  routers: ({ db, clock, secureCookies, creditFollowUps }) => ({
    tenantAdmin: [accountPageRouter({ db, clock, secureCookies, creditFollowUps })],
    tenant: [myMoneyRouter({ db, clock })],
  }),
  clientPanels: [MONEY_ACCOUNTS_PANEL],
  templateLocals: [
    // an account at the counter: its turnover, the day, what a payment did, whether it holds a deposit
    ...['account', 'turnover', 'today', 'notice', 'liability'],
    // the client's own page
    ...['accounts'],
  ],
});

export {
  CURRENCIES,
  ENTRY_KINDS,
  LIABILITY_KINDS,
  PAYMENT_SOURCES,
  isLiability,
  LedgerError,
  type Currency,
  type EntryKind,
  type LedgerEntry,
  type LedgerProblem,
  type MoneyAccount,
  type PaymentSource,
} from './ledger.types.ts';
export {
  importEntries,
  postAllowance,
  postCharge,
  postPayment,
  reverseEntry,
  settleAccounts,
  type EntryToImport,
} from './ledger.service.ts';
export {
  accountsHeldBy,
  accountsOf,
  balanceAsOf,
  dueCharges,
  findAccount,
  openAccount,
  turnover,
  turnoverInPages,
  type DueCharge,
  type Turnover,
} from './accounts.service.ts';

/**
 * An amount as a person types it into a form ("12,50"), in minor units, with the money pages'
 * messages; and the counter's payment form, whose fields (how it was paid, the receipt's number)
 * other forms that take a payment at the till reuse.
 */
export { counterPaymentForm, typedAmount } from './till/payment.form.ts';
