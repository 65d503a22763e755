// A client's rights to premises at the counter (issue #21): the clerk links a resident to a
// premises by its code, with the kind of right and the day it begins, and ends a right on its
// last day. Both are audited. A new ownership or cooperative right is an owner change: every
// other holder's running right of those kinds ends the day before (source 002: only the people
// with a right to the premises see it), in the same transaction.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';
import { dayBefore, type Premises, type PremisesRight, type RightKind } from '../housing.types.ts';
import {
  endRight,
  insertRight,
  lockPremises,
  premisesByCode,
  premisesById,
  rightById,
  rightsOfClient,
  rightsToPremises,
} from '../premises.repo.ts';

export interface RightsDeps {
  db: Knex;
  clock: Clock;
}

/** The rights that make their holder the premises' owner: a new one replaces the old holder's. */
const TITLE_RIGHTS: ReadonlySet<RightKind> = new Set(['ownership', 'cooperative']);

export type HeldRight = PremisesRight & { premises: Premises };

/** The client's rights, each with its premises, oldest first. */
export async function rightsHeld(trx: Knex.Transaction, clientId: string): Promise<HeldRight[]> {
  const held: HeldRight[] = [];
  for (const right of await rightsOfClient(trx, clientId)) {
    held.push({ ...right, premises: (await premisesById(trx, right.premisesId))! });
  }
  return held;
}

export function clientRights(deps: RightsDeps, context: StaffContext, clientId: string): Promise<HeldRight[]> {
  return withTenant(deps.db, context.tenant.id, (trx) => rightsHeld(trx, clientId));
}

export type LinkOutcome =
  | { kind: 'linked'; rightId: string; ended: number }
  | { kind: 'unknownPremises' }
  /** The client holds a right of this kind to the premises that runs on that day already. */
  | { kind: 'alreadyHeld' };

export function linkRight(
  deps: RightsDeps,
  context: StaffContext,
  input: { clientId: string; code: string; kind: RightKind; validFrom: string },
): Promise<LinkOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<LinkOutcome> => {
    const premises = await premisesByCode(trx, input.code);
    if (!premises) return { kind: 'unknownPremises' };
    // The premises' rights are read in a stable order and the premises row is what two clerks
    // linking at once would both change: lock it, so the second sees the first's right.
    await lockPremises(trx, premises.id);
    const rights = await rightsToPremises(trx, premises.id);
    const runs = (right: PremisesRight) =>
      right.validFrom <= input.validFrom && (right.validTo === null || right.validTo >= input.validFrom);
    if (rights.some((right) => right.clientId === input.clientId && right.kind === input.kind && runs(right))) {
      return { kind: 'alreadyHeld' };
    }
    let ended = 0;
    if (TITLE_RIGHTS.has(input.kind)) {
      const lastDay = dayBefore(input.validFrom);
      for (const right of rights) {
        if (right.clientId === input.clientId || !TITLE_RIGHTS.has(right.kind) || !runs(right)) continue;
        if (right.validFrom > lastDay) continue;
        if (await endRight(trx, right.id, lastDay)) {
          ended += 1;
          await recordAudit(trx, context, {
            action: 'housing.right_ended',
            subject: { kind: 'client', id: right.clientId },
            changes: { premises: [null, premises.code], validTo: [right.validTo, lastDay] },
          });
        }
      }
    }
    const rightId = await insertRight(trx, { ...input, premisesId: premises.id, validTo: null });
    await recordAudit(trx, context, {
      action: 'housing.right_linked',
      subject: { kind: 'client', id: input.clientId },
      changes: { premises: [null, premises.code], kind: [null, input.kind], validFrom: [null, input.validFrom] },
    });
    return { kind: 'linked', rightId, ended };
  });
}

export type EndOutcome =
  | { kind: 'ended' }
  | { kind: 'notFound' }
  | { kind: 'notRunning' }
  /** The last day is before the right's first: a mistaken right ends on the day it began. */
  | { kind: 'beforeStart'; validFrom: string };

/** Ends the client's right on `lastDay` (not before its first day); audited. */
export function endClientRight(
  deps: RightsDeps,
  context: StaffContext,
  input: { clientId: string; rightId: string; lastDay: string },
): Promise<EndOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<EndOutcome> => {
    const right = await rightById(trx, input.rightId);
    if (!right || right.clientId !== input.clientId) return { kind: 'notFound' };
    if (right.validTo === null && input.lastDay < right.validFrom)
      return { kind: 'beforeStart', validFrom: right.validFrom };
    if (!(await endRight(trx, right.id, input.lastDay))) return { kind: 'notRunning' };
    const premises = (await premisesById(trx, right.premisesId))!;
    await recordAudit(trx, context, {
      action: 'housing.right_ended',
      subject: { kind: 'client', id: right.clientId },
      changes: { premises: [null, premises.code], validTo: [right.validTo, input.lastDay] },
    });
    return { kind: 'ended' };
  });
}
