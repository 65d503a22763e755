// Money (issue #20): accounts, an append-only ledger in integer minor units, settling payments
// against the oldest debts, and the pages that show them (the client's own, the counter's).
// Other features reach the ledger only through what is exported here; its tables are this
// feature's alone (money_accounts, ledger_entries, ledger_allocations).
import { defineFeature } from '../../platform/feature.ts';

export const money = defineFeature({
  name: 'money',
});

export {
  CURRENCIES,
  ENTRY_KINDS,
  PAYMENT_SOURCES,
  LedgerError,
  type Currency,
  type EntryKind,
  type LedgerEntry,
  type LedgerProblem,
  type MoneyAccount,
  type PaymentSource,
} from './ledger.types.ts';
export { postAllowance, postCharge, postPayment, reverseEntry } from './ledger.service.ts';
export {
  accountsOf,
  balanceAsOf,
  dueCharges,
  findAccount,
  openAccount,
  turnover,
  type DueCharge,
  type Turnover,
} from './accounts.service.ts';
