// A manager's new premises and corrected premises data (issue #21). A new premises is made in
// one transaction with everything it needs to be paid for: its individual account number (the
// tenant's template or the bank's list, account-numbers/), and a money account per fund the
// tenant keeps (FUNDS), opened on the day the staff type with its opening balance (source 002:
// "balance as of 01.01.2013"). Audited there too; the audit row keeps only the account number's
// last four digits, as the log masks long runs of digits anyway.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { openAccount } from '../../money/index.ts';
import type { StaffContext } from '../../staff/index.ts';
import { FUNDS, type Fund, type Premises, type PremisesKind } from '../housing.types.ts';
import { buildingById, insertPremises, premisesById, updatePremisesData } from '../premises.repo.ts';
import { takeAccountNumber } from '../account-numbers/account-numbers.service.ts';

export interface PremisesRecordsDeps {
  db: Knex;
  clock: Clock;
}

/** The money accounts' names, as the cooperatives' books call the funds. */
const FUND_ACCOUNT_NAMES: Record<Fund, string> = {
  maintenance: 'Opłaty eksploatacyjne',
  repair_fund: 'Fundusz remontowy',
};

/** The premises table's unique keys (migration 20261213000100). */
const TAKEN: Record<string, 'codeTaken' | 'numberTaken'> = {
  premises_tenant_id_code_key: 'codeTaken',
  premises_tenant_id_building_id_kind_number_key: 'numberTaken',
};

export interface NewPremises {
  buildingId: string;
  kind: PremisesKind;
  number: string;
  code: string;
  areaHundredths: number;
  persons: number;
  /** The day the accounts open, their opening balances booked on it. */
  openedOn: string;
  openingBalances: Record<Fund, number>;
}

export type NewPremisesOutcome =
  | { kind: 'created'; premisesId: string }
  | { kind: 'notFound' }
  /** Another premises of the tenant has this code in the accounts. */
  | { kind: 'codeTaken' }
  /** The building has a premises of this kind and number. */
  | { kind: 'numberTaken' }
  /** No template, and the bank's list is used up: no account number to give. */
  | { kind: 'noneLeft' }
  | { kind: 'templateFull' };

export async function createPremises(
  deps: PremisesRecordsDeps,
  context: StaffContext,
  input: NewPremises,
): Promise<NewPremisesOutcome> {
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx): Promise<NewPremisesOutcome> => {
      if (!(await buildingById(trx, input.buildingId))) return { kind: 'notFound' };
      const taken = await takeAccountNumber(trx, context, deps.clock);
      if (taken.kind !== 'taken') return taken;
      const premisesId = await insertPremises(trx, {
        buildingId: input.buildingId,
        number: input.number,
        kind: input.kind,
        code: input.code,
        areaHundredths: input.areaHundredths,
        persons: input.persons,
        accountNumber: taken.number,
      });
      await taken.claim(premisesId);
      for (const fund of FUNDS) {
        await openAccount(trx, {
          ownerKind: 'premises',
          ownerId: premisesId,
          currency: 'PLN',
          kind: fund,
          name: FUND_ACCOUNT_NAMES[fund],
          openedOn: input.openedOn,
          openingBalance: input.openingBalances[fund],
        });
      }
      await recordAudit(trx, context, {
        action: 'housing.premises_created',
        subject: { kind: 'premises', id: premisesId },
        changes: {
          building: [null, input.buildingId],
          kind: [null, input.kind],
          number: [null, input.number],
          code: [null, input.code],
          areaHundredths: [null, input.areaHundredths],
          persons: [null, input.persons],
          accountNumberEnding: [null, taken.number.slice(-4)],
          openedOn: [null, input.openedOn],
          ...Object.fromEntries(FUNDS.map((fund) => [`opening_${fund}`, [null, input.openingBalances[fund]]])),
        },
      });
      return { kind: 'created', premisesId };
    });
  } catch (error) {
    const taken = TAKEN[violatedUniqueIndex(error) ?? ''];
    if (taken) return { kind: taken };
    throw error;
  }
}

export function premisesRecord(
  deps: PremisesRecordsDeps,
  context: StaffContext,
  premisesId: string,
): Promise<Premises | undefined> {
  return withTenant(deps.db, context.tenant.id, (trx) => premisesById(trx, premisesId));
}

export type PremisesChangeOutcome = { kind: 'changed' } | { kind: 'unchanged' } | { kind: 'notFound' };

/** A premises' area and persons corrected: the fees reckon by them from now on. */
export function changePremisesData(
  deps: PremisesRecordsDeps,
  context: StaffContext,
  input: { premisesId: string; areaHundredths: number; persons: number },
): Promise<PremisesChangeOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<PremisesChangeOutcome> => {
    const before = await premisesById(trx, input.premisesId);
    if (!before) return { kind: 'notFound' };
    const changes: Record<string, [number, number]> = {};
    if (before.areaHundredths !== input.areaHundredths) {
      changes.areaHundredths = [before.areaHundredths, input.areaHundredths];
    }
    if (before.persons !== input.persons) changes.persons = [before.persons, input.persons];
    if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
    await updatePremisesData(trx, input.premisesId, input);
    await recordAudit(trx, context, {
      action: 'housing.premises_changed',
      subject: { kind: 'premises', id: input.premisesId },
      changes,
    });
    return { kind: 'changed' };
  });
}
