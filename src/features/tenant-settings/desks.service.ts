// A manager's changes of the tenant's front desks (issue #19): added, changed with their hours,
// removed, each audited in its transaction, then every registry reloads (the repository's
// NOTIFY, and this process's at once) so that the public pages show the desks as they are.
// A change carries the desk as it was shown, as the settings groups do (settings.service.ts),
// and the desk's row is locked while it is compared, so a concurrent edit is a 409, not lost.
import { recordAudit, type AuditChanges } from '../../platform/audit/record.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import {
  deleteFrontDesk,
  insertFrontDesk,
  listFrontDesks,
  lockedFrontDesk,
  updateFrontDesk,
  type FrontDesk,
  type FrontDeskInput,
} from '../portal/index.ts';
import type { StaffContext } from '../staff/index.ts';
import { dayHoursText, WEEKDAYS } from './desk.form.ts';
import { seenToken, seenValues, type ChangedMeanwhile, type SettingsDeps } from './settings.service.ts';

/** A desk as its form shows it: every field a string, the hours a line per weekday. */
export type DeskValues = Record<string, string>;

export function deskValues(desk: Omit<FrontDesk, 'id'>): DeskValues {
  return {
    name: desk.name,
    street: desk.street,
    postalCode: desk.postalCode,
    city: desk.city,
    phone: desk.phone ?? '',
    email: desk.email ?? '',
    ...Object.fromEntries(
      WEEKDAYS.map((day) => [`hours${day}`, dayHoursText(desk.hours.filter((interval) => interval.weekday === day))]),
    ),
  };
}

const valuesOfInput = (input: FrontDeskInput): DeskValues =>
  deskValues({
    ...input,
    phone: input.phone ?? null,
    email: input.email ?? null,
    hours: input.hours.map(([weekday, opens, closes]) => ({ weekday, opens, closes })),
  });

/** The fields that differ, before and after, for the audit log and the 409 page. */
function differences(before: DeskValues, after: DeskValues): Record<string, [string | null, string | null]> {
  const changes: Record<string, [string | null, string | null]> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if ((before[field] ?? '') !== (after[field] ?? '')) changes[field] = [before[field] || null, after[field] || null];
  }
  return changes;
}

export async function frontDesksOfTenant(deps: SettingsDeps, context: StaffContext): Promise<FrontDesk[]> {
  return withTenant(deps.db, context.tenant.id, (trx) => listFrontDesks(trx));
}

/** The desk's form values and the token its form carries; undefined when it is not this tenant's. */
export async function frontDeskForm(deps: SettingsDeps, context: StaffContext, id: string) {
  const [desk] = await withTenant(deps.db, context.tenant.id, (trx) => listFrontDesks(trx, id));
  if (!desk) return undefined;
  const values = deskValues(desk);
  return { values, seen: seenToken(values) };
}

export async function addFrontDesk(deps: SettingsDeps, context: StaffContext, input: FrontDeskInput): Promise<string> {
  const id = await withTenant(deps.db, context.tenant.id, async (trx) => {
    const created = await insertFrontDesk(trx, input);
    const changes = differences({}, valuesOfInput(input));
    await recordAudit(trx, context, {
      action: 'front_desk.created',
      subject: { kind: 'front_desk', id: created },
      changes,
    });
    return created;
  });
  await deps.registry.reload();
  return id;
}

export type DeskChangeOutcome =
  | { kind: 'saved' | 'unchanged' | 'gone' }
  | { kind: 'stale'; changed: ChangedMeanwhile[]; now: DeskValues; seen: string };

export async function changeFrontDesk(
  deps: SettingsDeps,
  context: StaffContext,
  change: { id: string; input: FrontDeskInput; seen: unknown },
): Promise<DeskChangeOutcome> {
  const outcome = await withTenant(deps.db, context.tenant.id, async (trx): Promise<DeskChangeOutcome> => {
    const desk = await lockedFrontDesk(trx, change.id);
    if (!desk) return { kind: 'gone' };
    const now = deskValues(desk);
    const seen = seenValues(change.seen);
    const changed = Object.entries(differences(seen as DeskValues, now)).map(([field, [was, is]]) => ({
      field,
      seen: was,
      now: is,
    }));
    if (changed.length > 0) return { kind: 'stale', changed, now, seen: seenToken(now) };
    const changes = differences(now, valuesOfInput(change.input));
    if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
    await updateFrontDesk(trx, change.id, change.input);
    await recordAudit(trx, context, {
      action: 'front_desk.changed',
      subject: { kind: 'front_desk', id: change.id },
      changes: changes as AuditChanges,
    });
    return { kind: 'saved' };
  });
  if (outcome.kind === 'saved') await deps.registry.reload();
  return outcome;
}

/** Whether there was such a desk of this tenant to remove. */
export async function removeFrontDesk(deps: SettingsDeps, context: StaffContext, id: string): Promise<boolean> {
  const removed = await withTenant(deps.db, context.tenant.id, async (trx) => {
    const desk = await lockedFrontDesk(trx, id);
    if (!desk || !(await deleteFrontDesk(trx, id))) return false;
    const changes = differences(deskValues(desk), {});
    await recordAudit(trx, context, { action: 'front_desk.removed', subject: { kind: 'front_desk', id }, changes });
    return true;
  });
  if (removed) await deps.registry.reload();
  return removed;
}
