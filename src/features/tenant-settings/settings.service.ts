// A manager's change of one group of their tenant's settings (issue #19), in one transaction
// scoped to the tenant: the row read, the form checked against it (group-form.ts), the row
// written through change_own_tenant, and the audit row with each changed field before and
// after. Then every process's registry reloads (the function's NOTIFY), this one at once so
// the next page shows the change.
//
// Two managers editing the same group: the form carries the group's values as they were
// shown (`seen`), and a save whose group no longer holds them is stale: nothing is written and
// the manager is shown what changed. Groups are compared, not the whole row, so a change of
// the branding does not turn an open lockout form stale. The row's own version (updated_at)
// makes the write itself compare-and-set: a save that lands between the read and the write is
// noticed, and the comparison runs again on the row as it is then.
import type { Knex } from 'knex';
import { recordAudit, type AuditChanges } from '../../platform/audit/record.ts';
import type { InvalidFormResult } from '../../platform/http/forms.ts';
import { readOwnTenant, writeOwnTenant, type OwnTenantRow } from '../../platform/tenancy/own-tenant.ts';
import type { TenantRegistry } from '../../platform/tenancy/tenant-registry.ts';
import { tenantRowSchema, type SettingsSchema } from '../../platform/tenancy/tenant.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../staff/index.ts';
import { readGroupForm, type GroupFormRules } from './group-form.ts';
import { valueAt, type SettingsGroup } from './groups.ts';

export interface SettingsDeps {
  db: Knex;
  registry: TenantRegistry;
  production: boolean;
}

/** A group's values by field name, as the registry reads them (defaults filled in). */
export type GroupValues = Record<string, unknown>;

/** A field another change altered since the form was shown. */
export interface ChangedMeanwhile {
  field: string;
  seen: unknown;
  now: unknown;
}

export type SaveOutcome =
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'invalid'; invalid: InvalidFormResult; now: GroupValues; seen: string }
  | { kind: 'stale'; changed: ChangedMeanwhile[]; now: GroupValues; seen: string }
  | { kind: 'gone' };

function groupValues(group: SettingsGroup, row: OwnTenantRow, settings: SettingsSchema): GroupValues {
  const parsed = tenantRowSchema(settings).parse(row);
  return Object.fromEntries(group.fields.map((field) => [field.name, valueAt(parsed, field.path)]));
}

/** The values shown, carried by the form: JSON in base64url, as the manager may read it anyway. */
export function seenToken(values: GroupValues): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function seenValues(token: unknown): GroupValues {
  if (typeof token !== 'string') return {};
  try {
    const values: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return values !== null && typeof values === 'object' && !Array.isArray(values) ? (values as GroupValues) : {};
  } catch {
    // A token not ours: every field counts as changed, and the manager sees the values of now.
    return {};
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The group's values now, and the token its form carries; undefined when the tenant is gone. */
export async function settingsGroupOf(
  deps: SettingsDeps,
  context: StaffContext,
  group: SettingsGroup,
): Promise<{ values: GroupValues; seen: string } | undefined> {
  const row = await withTenant(deps.db, context.tenant.id, (trx) => readOwnTenant(trx));
  if (!row) return undefined;
  const values = groupValues(group, row, deps.registry.settingsSchema);
  return { values, seen: seenToken(values) };
}

export async function saveSettingsGroup(
  deps: SettingsDeps,
  context: StaffContext,
  group: SettingsGroup,
  body: Record<string, unknown>,
  language: Pick<GroupFormRules, 't' | 'fmt'>,
): Promise<SaveOutcome> {
  const rules: GroupFormRules = {
    ...language,
    settingsSchema: deps.registry.settingsSchema,
    production: deps.production,
  };
  // A write that lost to a change made after the read goes round again: the comparison then
  // tells a change of this group as stale, and writes over a change of another group.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const outcome = await withTenant(deps.db, context.tenant.id, async (trx): Promise<SaveOutcome | 'again'> => {
      const row = await readOwnTenant(trx);
      if (!row) return { kind: 'gone' };
      const now = groupValues(group, row, rules.settingsSchema);
      const seen = seenValues(body.seen);
      const changed = group.fields
        .filter((field) => !same(seen[field.name], now[field.name]))
        .map((field) => ({ field: field.name, seen: seen[field.name], now: now[field.name] }));
      if (changed.length > 0) return { kind: 'stale', changed, now, seen: seenToken(now) };
      const form = readGroupForm(group, body, row, rules);
      if (!form.ok) return { kind: 'invalid', invalid: form, now, seen: seenToken(now) };
      const changes: Record<string, readonly [unknown, unknown]> = {};
      for (const field of group.fields) {
        const after = form.values[field.name];
        if (!same(now[field.name], after)) changes[field.path.join('.')] = [now[field.name] ?? null, after ?? null];
      }
      if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
      if (!(await writeOwnTenant(trx, row.version, form.change))) return 'again';
      await recordAudit(trx, context, {
        action: `tenant.${group.name}_changed`,
        subject: { kind: 'tenant', id: context.tenant.id },
        changes: changes as AuditChanges,
      });
      return { kind: 'saved' };
    });
    if (outcome === 'again') continue;
    // This process's registry now, the others' on the NOTIFY: the next page shows the change.
    if (outcome.kind === 'saved') await deps.registry.reload();
    return outcome;
  }
  throw new Error('the tenant row kept changing under three saves in a row');
}
