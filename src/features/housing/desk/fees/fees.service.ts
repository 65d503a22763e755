// A premises' fee components at the desk (issue #21): their history, and what a manager changes.
// A component is the rows of one fund and title; each row is a rate with its basis from a day.
// A row's rate is never edited: a new rate is a new row from its day, and the row it supersedes
// gets its last day, the day before (its one change, from empty, as a right's). Ending a
// component is the same change without a new row; a component ended by mistake is added again
// as a new one. A row set up by mistake for a day to come is ended on its first day. So the
// rows in force on any day are the ones monthlyFee charges, and the history stays readable.
// Every change locks the premises' row (two managers at once queue) and is audited.
import type { Knex } from 'knex';
import type { Clock } from '../../../../lib/clock.ts';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../../staff/index.ts';
import {
  dayBefore,
  monthlyFee,
  type FeeBasis,
  type FeeComponent,
  type Fund,
  type Premises,
} from '../../housing.types.ts';
import { endFee, feeHistory, insertFee, lockPremises, premisesById } from '../../premises.repo.ts';

export interface FeesDeps {
  db: Knex;
  clock: Clock;
}

export type FeeRow = FeeComponent & { monthly: number };

export interface ComponentHistory {
  fund: Fund;
  title: string;
  /** The newest row: the rate in force or to come, or the last one of an ended component. */
  latest: FeeRow;
  /** Still charged (the newest row has no last day). */
  running: boolean;
  /** Every row, newest first. */
  rows: FeeRow[];
}

export interface FeesAtDesk {
  premises: Premises;
  today: string;
  components: ComponentHistory[];
}

const sameComponent = (a: Pick<FeeComponent, 'fund' | 'title'>, b: Pick<FeeComponent, 'fund' | 'title'>) =>
  a.fund === b.fund && a.title.toLocaleLowerCase('pl') === b.title.toLocaleLowerCase('pl');

async function componentsOf(trx: Knex.Transaction, premises: Premises): Promise<ComponentHistory[]> {
  const groups: FeeRow[][] = [];
  for (const row of await feeHistory(trx, premises.id)) {
    const shown = { ...row, monthly: monthlyFee(row, premises) };
    const group = groups.find(([first]) => sameComponent(first!, row));
    if (group) group.push(shown);
    else groups.push([shown]);
  }
  return groups.map((rows) => {
    rows.sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));
    const latest = rows[0]!;
    return { fund: latest.fund, title: latest.title, latest, running: latest.validTo === null, rows };
  });
}

export function feesAtDesk(deps: FeesDeps, context: StaffContext, premisesId: string): Promise<FeesAtDesk | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const premises = await premisesById(trx, premisesId);
    if (!premises) return undefined;
    const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
    return { premises, today, components: await componentsOf(trx, premises) };
  });
}

/** The premises locked, with its components, or undefined when it is none of the tenant's. */
async function lockedComponents(trx: Knex.Transaction, premisesId: string) {
  const premises = await premisesById(trx, premisesId);
  if (!premises) return undefined;
  await lockPremises(trx, premisesId);
  return { premises, components: await componentsOf(trx, premises) };
}

/** A change to the premises' fees in the audit log, the premises named by its code. */
function auditFees(
  trx: Knex.Transaction,
  context: StaffContext,
  premises: Premises,
  action: string,
  changes: Record<string, readonly [unknown, unknown]>,
): Promise<void> {
  return recordAudit(trx, context, {
    action,
    subject: { kind: 'premises', id: premises.id },
    changes: { premises: [null, premises.code], ...changes },
  });
}

/** The premises locked and the newest row of its running component of that id, or why not. */
async function runningRow(
  trx: Knex.Transaction,
  premisesId: string,
  componentId: string,
): Promise<{ kind: 'running'; premises: Premises; latest: FeeRow } | { kind: 'notFound' } | { kind: 'notRunning' }> {
  const found = await lockedComponents(trx, premisesId);
  if (!found) return { kind: 'notFound' };
  const component = found.components.find((known) => known.running && known.latest.id === componentId);
  return component ? { kind: 'running', premises: found.premises, latest: component.latest } : { kind: 'notRunning' };
}

export type AddOutcome =
  | { kind: 'added' }
  | { kind: 'notFound' }
  /** The fund has a component of that title that runs on that day: its rate is what changes. */
  | { kind: 'exists' };

export function addFeeComponent(
  deps: FeesDeps,
  context: StaffContext,
  input: { premisesId: string; fund: Fund; title: string; basis: FeeBasis; rate: number; validFrom: string },
): Promise<AddOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<AddOutcome> => {
    const found = await lockedComponents(trx, input.premisesId);
    if (!found) return { kind: 'notFound' };
    const same = found.components.find((component) => sameComponent(component, input));
    if (same && (same.latest.validTo === null || same.latest.validTo >= input.validFrom)) return { kind: 'exists' };
    const { premisesId, fund, title, basis, rate, validFrom } = input;
    await insertFee(trx, { premisesId, fund, title, basis, rate, validFrom, validTo: null });
    await auditFees(trx, context, found.premises, 'housing.fee_component_added', {
      fund: [null, fund],
      title: [null, title],
      basis: [null, basis],
      rate: [null, rate],
      validFrom: [null, validFrom],
    });
    return { kind: 'added' };
  });
}

export type RateOutcome =
  | { kind: 'changed' }
  | { kind: 'notFound' }
  /** No running component of the premises has that id. */
  | { kind: 'notRunning' }
  /** A new rate begins after the rate it supersedes began. */
  | { kind: 'notAfter'; since: string }
  | { kind: 'sameRate' };

export function changeFeeRate(
  deps: FeesDeps,
  context: StaffContext,
  input: { premisesId: string; componentId: string; rate: number; validFrom: string },
): Promise<RateOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<RateOutcome> => {
    const found = await runningRow(trx, input.premisesId, input.componentId);
    if (found.kind !== 'running') return found;
    const { latest } = found;
    if (input.validFrom <= latest.validFrom) return { kind: 'notAfter', since: latest.validFrom };
    if (input.rate === latest.rate) return { kind: 'sameRate' };
    await endFee(trx, latest.id, dayBefore(input.validFrom));
    await insertFee(trx, {
      premisesId: input.premisesId,
      fund: latest.fund,
      title: latest.title,
      basis: latest.basis,
      rate: input.rate,
      validFrom: input.validFrom,
      validTo: null,
    });
    await auditFees(trx, context, found.premises, 'housing.fee_rate_changed', {
      fund: [null, latest.fund],
      title: [null, latest.title],
      rate: [latest.rate, input.rate],
      validFrom: [latest.validFrom, input.validFrom],
    });
    return { kind: 'changed' };
  });
}

export type EndOutcome =
  | { kind: 'ended' }
  | { kind: 'notFound' }
  | { kind: 'notRunning' }
  /** A component ends on its first day at the earliest. */
  | { kind: 'beforeStart'; validFrom: string };

export function endFeeComponent(
  deps: FeesDeps,
  context: StaffContext,
  input: { premisesId: string; componentId: string; lastDay: string },
): Promise<EndOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<EndOutcome> => {
    const found = await runningRow(trx, input.premisesId, input.componentId);
    if (found.kind !== 'running') return found;
    const { latest } = found;
    if (input.lastDay < latest.validFrom) return { kind: 'beforeStart', validFrom: latest.validFrom };
    await endFee(trx, latest.id, input.lastDay);
    await auditFees(trx, context, found.premises, 'housing.fee_component_ended', {
      fund: [null, latest.fund],
      title: [null, latest.title],
      validTo: [null, input.lastDay],
    });
    return { kind: 'ended' };
  });
}
