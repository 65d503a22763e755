// A premises' media settlements at the desk (issue #21, source 004): the settlements booked,
// and a new one recorded by a manager. It is booked by bookSettlement (settlements.service.ts):
// the result to pay is charged to the maintenance account, a refund credited to it, each an
// entry of the ledger, which audits a posting by a person; the settlement is audited as well,
// even one that comes out even and posts nothing. Nothing of it is ever edited. A settlement
// whose period overlaps one of the same medium already booked is refused: a second booking of
// the same months would charge them twice (a correction is the accounting system's reversal).
import type { Knex } from 'knex';
import type { Clock } from '../../../../lib/clock.ts';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { accountsOf } from '../../../money/index.ts';
import type { StaffContext } from '../../../staff/index.ts';
import { settlementResult, type MediaSettlement, type Medium, type Premises } from '../../housing.types.ts';
import { lockPremises, premisesById, settlementOverlaps, settlementsOf } from '../../premises.repo.ts';
import { bookSettlement } from '../../settlements.service.ts';

export interface SettlementsDeps {
  db: Knex;
  clock: Clock;
}

/** How many settlements the desk lists, newest first: a decade of two media. */
export const SETTLEMENTS_LISTED = 40;

/** Each medium's unit, as media_settlements keeps it. */
export const MEDIUM_UNITS: Readonly<Record<Medium, MediaSettlement['unit']>> = { water: 'm3', heating: 'GJ' };

export interface SettlementsAtDesk {
  premises: Premises;
  today: string;
  settlements: MediaSettlement[];
}

export function settlementsAtDesk(
  deps: SettlementsDeps,
  context: StaffContext,
  premisesId: string,
): Promise<SettlementsAtDesk | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const premises = await premisesById(trx, premisesId);
    if (!premises) return undefined;
    const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
    const settlements = await settlementsOf(trx, premisesId, SETTLEMENTS_LISTED);
    return { premises, today, settlements };
  });
}

export type SettleOutcome =
  | { kind: 'booked' }
  | { kind: 'notFound' }
  | { kind: 'noAccount' }
  | { kind: 'overlaps'; periodFrom: string; periodTo: string };

export function recordSettlement(
  deps: SettlementsDeps,
  context: StaffContext,
  input: {
    premisesId: string;
    medium: Medium;
    periodFrom: string;
    periodTo: string;
    consumption: number;
    cost: number;
    advances: number;
    settledOn: string;
    dueOn: string;
  },
): Promise<SettleOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<SettleOutcome> => {
    const premises = await premisesById(trx, input.premisesId);
    if (!premises) return { kind: 'notFound' };
    // Two managers booking the same months at once: the second sees the first's settlement.
    await lockPremises(trx, premises.id);
    const overlapping = await settlementOverlaps(trx, premises.id, input.medium, {
      from: input.periodFrom,
      to: input.periodTo,
    });
    if (overlapping) return { kind: 'overlaps', ...overlapping };
    const accounts = await accountsOf(trx, { ownerKind: 'premises', ownerId: premises.id });
    const account = accounts.find((held) => held.kind === 'maintenance');
    if (!account) return { kind: 'noAccount' };
    const settlement = {
      medium: input.medium,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      consumptionThousandths: input.consumption,
      unit: MEDIUM_UNITS[input.medium],
      advances: input.advances,
      cost: input.cost,
      settledOn: input.settledOn,
    };
    await bookSettlement(trx, context, {
      premisesId: premises.id,
      accountId: account.id,
      settlement,
      dueOn: input.dueOn,
    });
    await recordAudit(trx, context, {
      action: 'housing.settlement_recorded',
      subject: { kind: 'premises', id: premises.id },
      changes: {
        premises: [null, premises.code],
        medium: [null, settlement.medium],
        periodFrom: [null, settlement.periodFrom],
        periodTo: [null, settlement.periodTo],
        consumptionThousandths: [null, settlement.consumptionThousandths],
        cost: [null, settlement.cost],
        advances: [null, settlement.advances],
        result: [null, settlementResult(settlement)],
        settledOn: [null, settlement.settledOn],
      },
    });
    return { kind: 'booked' };
  });
}
