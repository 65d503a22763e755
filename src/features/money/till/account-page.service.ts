// The counter's view of a money account and the payments taken there (issue #20). Looking at
// an account is audited like looking at a client's page; a payment is audited by the ledger
// (ledger.service.ts), in the transaction that posts it.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import type { CreditFollowUp } from '../../../platform/feature.ts';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';
import { findAccount, turnover, type Turnover } from '../accounts.service.ts';
import { postPayment } from '../ledger.service.ts';
import { isLiability, type MoneyAccount } from '../ledger.types.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';

export interface CounterDeps {
  db: Knex;
  clock: Clock;
  /** What the features do once an account of a holder they keep is paid (a card's fee). */
  creditFollowUps: readonly CreditFollowUp[];
}

export type AccountPage = {
  account: MoneyAccount;
  turnover: Turnover;
  today: string;
  /** The account holds the holder's money (a deposit): its credit is owed back, not overpaid. */
  liability: boolean;
};

/** The account with its turnover from its opening to today; undefined when the tenant has no such account. */
export async function accountPage(
  deps: CounterDeps,
  context: StaffContext,
  accountId: string,
): Promise<AccountPage | undefined> {
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const account = await findAccount(trx, accountId);
    if (!account) return undefined;
    await recordAudit(trx, context, {
      action: 'money_account.viewed',
      subject: { kind: 'money_account', id: account.id },
    });
    const to = today < account.openedOn ? account.openedOn : today;
    const shown = await turnover(trx, account.id, { from: account.openedOn, to });
    return { account, turnover: shown, today, liability: isLiability(account) };
  });
}

export type CounterPaymentOutcome =
  | { kind: 'recorded'; entryId: string }
  /** A payment with this receipt number is on the account already: nothing was booked again. */
  | { kind: 'alreadyRecorded' }
  | { kind: 'notFound' };

/**
 * A cash or card payment booked today, in the account's own currency, settling its oldest debts;
 * what follows a payment to the account's holder (a card made active) in the same transaction.
 */
export async function recordCounterPayment(
  deps: CounterDeps,
  context: StaffContext,
  input: { accountId: string; amount: number; source: 'cash' | 'card'; receiptNumber: string; title: string },
): Promise<CounterPaymentOutcome> {
  const bookedOn = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx): Promise<CounterPaymentOutcome> => {
      const account = await findAccount(trx, input.accountId);
      if (!account) return { kind: 'notFound' };
      const entry = await postPayment(trx, context, { ...input, currency: account.currency, bookedOn });
      for (const followUp of deps.creditFollowUps.filter((known) => known.ownerKind === account.ownerKind)) {
        await followUp.credited(trx, context, account.ownerId);
      }
      return { kind: 'recorded', entryId: entry.id };
    });
  } catch (error) {
    // The receipt is on the account already (a double click, a form sent again): nothing more is booked.
    if (violatedUniqueIndex(error) === 'ledger_entries_receipt') return { kind: 'alreadyRecorded' };
    throw error;
  }
}
