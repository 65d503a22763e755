// The tenant's premises as staff see them (issue #21): found by code, each with its data, the
// fees in force, its accounts with their balances (each a link to the account's page, where a
// payment is taken at the counter), and the rights to it; and a charge posted by hand by a
// manager, audited by the ledger as every posting by a person is.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { accountsOf, postCharge, type MoneyAccount } from '../../money/index.ts';
import type { StaffContext } from '../../staff/index.ts';
import { monthlyFee, type FeeComponent, type Fund, type Premises, type PremisesRight } from '../housing.types.ts';
import { feesOn, premisesByCodePrefix, premisesById, rightsToPremises } from '../premises.repo.ts';

export interface DeskDeps {
  db: Knex;
  clock: Clock;
}

/** How many premises a search lists: enough to pick from, few enough to read. */
export const PREMISES_LISTED = 50;

export function findPremises(deps: DeskDeps, context: StaffContext, codePrefix: string): Promise<Premises[]> {
  return withTenant(deps.db, context.tenant.id, (trx) => premisesByCodePrefix(trx, codePrefix, PREMISES_LISTED));
}

export interface PremisesAtDesk {
  premises: Premises;
  today: string;
  fees: (FeeComponent & { monthly: number })[];
  accounts: (MoneyAccount & { balance: number })[];
  rights: PremisesRight[];
}

export function premisesAtDesk(
  deps: DeskDeps,
  context: StaffContext,
  premisesId: string,
): Promise<PremisesAtDesk | undefined> {
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const premises = await premisesById(trx, premisesId);
    if (!premises) return undefined;
    const fees = (await feesOn(trx, premisesId, today)).map((fee) => ({ ...fee, monthly: monthlyFee(fee, premises) }));
    const accounts = await accountsOf(trx, { ownerKind: 'premises', ownerId: premisesId });
    return { premises, today, fees, accounts, rights: await rightsToPremises(trx, premisesId) };
  });
}

export type HandChargeOutcome = { kind: 'posted' } | { kind: 'notFound' } | { kind: 'noAccount' };

/** A charge on the premises' account of `fund`, posted by a member of staff (audited by the ledger). */
export function postHandCharge(
  deps: DeskDeps,
  context: StaffContext,
  input: { premisesId: string; fund: Fund; title: string; amount: number; bookedOn: string; dueOn: string },
): Promise<HandChargeOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<HandChargeOutcome> => {
    if (!(await premisesById(trx, input.premisesId))) return { kind: 'notFound' };
    const accounts = await accountsOf(trx, { ownerKind: 'premises', ownerId: input.premisesId });
    const account = accounts.find((held) => held.kind === input.fund);
    if (!account) return { kind: 'noAccount' };
    await postCharge(trx, context, {
      accountId: account.id,
      amount: input.amount,
      title: input.title,
      bookedOn: input.bookedOn,
      dueOn: input.dueOn,
    });
    return { kind: 'posted' };
  });
}
