// The ledger's vocabulary, shared by its repository, its services and the money feature's
// index (the contract other features, payments first, build on).
//
// Sign convention: an entry's amount is what it adds to what the holder owes. A charge is
// positive; a payment and an allowance negative; an opening balance either; a correction minus
// the entry it reverses. A balance above zero is to pay, below zero overpaid, zero settled.
// Amounts are integers in minor units (grosze, haléře): bigint in the database, a safe integer
// in code.

export const CURRENCIES = ['PLN', 'CZK'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const ENTRY_KINDS = ['opening_balance', 'charge', 'payment', 'allowance', 'correction'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const PAYMENT_SOURCES = ['online', 'cash', 'card', 'transfer'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export const OWNER_KINDS = ['client', 'premises', 'card'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export interface AccountOwner {
  ownerKind: OwnerKind;
  ownerId: string;
}

export interface MoneyAccount extends AccountOwner {
  id: string;
  currency: Currency;
  /** What the account is for, a lower-case word: 'fees', 'repair_fund', 'e_purse', 'deposit'. */
  kind: string;
  name: string;
  /** YYYY-MM-DD */
  openedOn: string;
}

/**
 * Account kinds whose money is the holder's, held by the tenant to be given back: a refundable
 * deposit (a city bearer card's). What is paid into one is never income, so nothing is charged to
 * it (postCharge refuses): its balance below zero is what the tenant owes the holder, a liability,
 * where another account's would be an overpayment.
 */
export const LIABILITY_KINDS: readonly string[] = ['deposit'];

export function isLiability(account: Pick<MoneyAccount, 'kind'>): boolean {
  return LIABILITY_KINDS.includes(account.kind);
}

export interface LedgerEntry {
  id: string;
  accountId: string;
  kind: EntryKind;
  amount: number;
  /** YYYY-MM-DD */
  bookedOn: string;
  /** YYYY-MM-DD: a charge's, or a debt brought in as an opening balance; null otherwise. */
  dueOn: string | null;
  title: string;
  reversesEntryId: string | null;
  paymentSource: PaymentSource | null;
  receiptNumber: string | null;
  paymentIntentId: string | null;
  createdAt: Date;
}

/** Why a posting was refused: a caller's mistake, not the holder's (the route checks first). */
export type LedgerProblem =
  | 'accountNotFound'
  | 'entryNotFound'
  | 'alreadyReversed'
  | 'correctionNotReversible'
  | 'currencyMismatch'
  /** A charge to an account that holds the holder's money (LIABILITY_KINDS). */
  | 'liabilityAccount'
  | 'invalidAmount'
  | 'invalidDate';

export class LedgerError extends Error {
  readonly problem: LedgerProblem;

  constructor(problem: LedgerProblem, detail?: string) {
    super(detail ? `${problem}: ${detail}` : problem);
    this.name = 'LedgerError';
    this.problem = problem;
  }
}
