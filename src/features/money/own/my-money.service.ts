// The client's own money page (issue #20): each of their accounts with its balance, what is due
// (overdue first, as payments settle it) and the latest entries. Read in one transaction.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { signedInClientId, type ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { accountsOf, dueCharges, turnover, type DueCharge } from '../accounts.service.ts';
import type { LedgerEntry, MoneyAccount } from '../ledger.types.ts';

/** How many of the latest entries the page lists per account. */
const RECENT_ENTRIES = 10;

export interface OwnAccount {
  account: MoneyAccount;
  balance: number;
  due: DueCharge[];
  recent: LedgerEntry[];
}

export async function myMoney(deps: { db: Knex; clock: Clock }, context: ServiceContext): Promise<OwnAccount[]> {
  const clientId = signedInClientId(context);
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const accounts = await accountsOf(trx, { ownerKind: 'client', ownerId: clientId });
    const shown: OwnAccount[] = [];
    for (const { balance, ...account } of accounts) {
      const to = today < account.openedOn ? account.openedOn : today;
      const { entries } = await turnover(trx, account.id, { from: account.openedOn, to });
      shown.push({
        account,
        balance,
        due: await dueCharges(trx, account.id, to),
        recent: entries.slice(-RECENT_ENTRIES).reverse(),
      });
    }
    return shown;
  });
}
