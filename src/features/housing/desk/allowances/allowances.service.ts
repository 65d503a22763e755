// A premises' housing allowance decisions at the desk (issue #21, source 004): every decision
// recorded, and a new one recorded by a manager, audited. A decision is kept as it was made
// (the app role has no UPDATE or DELETE on them); the allowance itself reaches the ledger with
// the accounting system's entries, as the monthly charges do, so recording a decision posts
// nothing. The resident's overview shows the decision that covers the day they look at.
import type { Knex } from 'knex';
import type { Clock } from '../../../../lib/clock.ts';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../../staff/index.ts';
import type { AllowanceDecision, Premises } from '../../housing.types.ts';
import { allowanceDecisionsOf, insertAllowance, premisesById } from '../../premises.repo.ts';

export interface AllowancesDeps {
  db: Knex;
  clock: Clock;
}

export interface AllowancesAtDesk {
  premises: Premises;
  today: string;
  decisions: AllowanceDecision[];
}

export function allowancesAtDesk(
  deps: AllowancesDeps,
  context: StaffContext,
  premisesId: string,
): Promise<AllowancesAtDesk | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const premises = await premisesById(trx, premisesId);
    if (!premises) return undefined;
    const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
    return { premises, today, decisions: await allowanceDecisionsOf(trx, premisesId) };
  });
}

export type RecordOutcome = { kind: 'recorded' } | { kind: 'notFound' };

export function recordAllowance(
  deps: AllowancesDeps,
  context: StaffContext,
  input: { premisesId: string; title: string; amount: number; validFrom: string; validTo: string },
): Promise<RecordOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<RecordOutcome> => {
    const premises = await premisesById(trx, input.premisesId);
    if (!premises) return { kind: 'notFound' };
    const { title, amount, validFrom, validTo } = input;
    await insertAllowance(trx, premises.id, { title, monthlyAmount: amount, validFrom, validTo });
    await recordAudit(trx, context, {
      action: 'housing.allowance_recorded',
      subject: { kind: 'premises', id: premises.id },
      changes: {
        premises: [null, premises.code],
        title: [null, title],
        monthlyAmount: [null, amount],
        validFrom: [null, validFrom],
        validTo: [null, validTo],
      },
    });
    return { kind: 'recorded' };
  });
}
