// Reading one group's form: the strings typed become the values of the group's fields, those
// are written into a copy of the tenant's row, and the copy is checked with the schema the
// registry reads rows with (tenantRowSchema), so what passes here is what the registry serves.
// Field errors come back in the visitor's language, one per field, the first to fix first.
// Three rules the row's schema cannot know are added: a colour pair the stylesheets draw under
// 4.5:1 (the ratio said), a module this version does not have, and TOTP for staff switched
// off in production.
import type { z } from 'zod';
import type { Formatters } from '../../platform/i18n/format.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import { messageOf, type FieldError, type InvalidFormResult } from '../../platform/http/forms.ts';
import type { OwnTenantChange, OwnTenantRow } from '../../platform/tenancy/own-tenant.ts';
import {
  AVAILABLE_MODULES,
  MODULES,
  tenantRowSchema,
  type Module,
  type SettingsSchema,
} from '../../platform/tenancy/tenant.ts';
import { AA_TEXT_CONTRAST, measuredPairs } from './brand-contrast.ts';
import { setValueAt, valueAt, type SettingsField, type SettingsGroup } from './groups.ts';

export interface GroupFormRules {
  settingsSchema: SettingsSchema;
  production: boolean;
  t: Translate;
  fmt: Pick<Formatters, 'number'>;
}

export type GroupFormResult =
  { ok: true; change: OwnTenantChange; values: Record<string, unknown> } | ({ ok: false } & InvalidFormResult);

type Typed = { value: unknown } | { error: string };

const INTEGER = /^-?\d{1,9}$/;

/** A field's posted string as the value the schema checks, or the i18n key of why it cannot be one. */
function typedValue(field: SettingsField, posted: unknown, row: OwnTenantRow): Typed {
  if (field.kind === 'switch') return { value: posted === 'yes' };
  if (field.kind === 'modules') return typedModules(posted, row.modules);
  if (typeof posted !== 'string')
    return { error: field.kind === 'choice' ? 'adminSettings:errors.choose' : 'validation:required' };
  const text = posted.trim();
  if (field.kind === 'choice') return { value: text };
  if (text === '') return field.optional ? { value: undefined } : { error: 'validation:required' };
  if (field.kind === 'integer')
    return INTEGER.test(text) ? { value: Number(text) } : { error: 'adminSettings:errors.wholeNumber' };
  if (field.kind === 'colour' && !/^#[0-9a-f]{6}$/i.test(text)) return { error: 'adminSettings:errors.colourFormat' };
  return { value: text };
}

/** The modules ticked, each one this version has; those it has not keep the state the operator gave them. */
function typedModules(posted: unknown, current: readonly string[]): Typed {
  const ticked = (Array.isArray(posted) ? posted : posted === undefined ? [] : [posted]).map(String);
  if (ticked.some((module) => !AVAILABLE_MODULES.has(module as Module))) {
    return { error: 'adminSettings:errors.moduleNotAvailable' };
  }
  const kept = current.filter((module) => !AVAILABLE_MODULES.has(module as Module));
  return { value: MODULES.filter((module) => ticked.includes(module) || kept.includes(module)) };
}

/** The schema's word on an issue, numbers told as numbers (zod's "too small" is about length by default). */
function issueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return t('adminSettings:errors.atLeast', { count: Number(issue.minimum) });
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return t('adminSettings:errors.atMost', { count: Number(issue.maximum) });
  }
  if (issue.code === 'invalid_value') return t('adminSettings:errors.choose');
  if (issue.code === 'invalid_format' && issue.format === 'url') return t('adminSettings:errors.url');
  return messageOf(issue, t);
}

const samePath = (issue: readonly PropertyKey[], field: SettingsField['path']): boolean =>
  field.every((key, index) => String(issue[index]) === key);

/** What no schema of the row knows: the colour pairs, and TOTP in production. */
function extraRules(group: SettingsGroup, values: Record<string, unknown>, rules: GroupFormRules): FieldError[] {
  const errors: FieldError[] = [];
  if (group.name === 'branding') {
    for (const pair of measuredPairs(values)) {
      if (pair.passes || errors.some((error) => error.field === pair.colour)) continue;
      errors.push({
        field: pair.colour,
        message: rules.t('adminSettings:contrast.refused', {
          colour: pair.foreground,
          against: pair.against,
          place: rules.t(`adminSettings:contrast.places.${pair.place}`),
          ratio: rules.fmt.number(pair.ratio),
          needed: rules.fmt.number(AA_TEXT_CONTRAST),
        }),
      });
    }
  }
  if (group.name === 'sessions' && rules.production && values.staffTotpRequired === false) {
    errors.push({ field: 'staffTotpRequired', message: rules.t('adminSettings:errors.totpInProduction') });
  }
  return errors;
}

export function readGroupForm(
  group: SettingsGroup,
  body: Record<string, unknown>,
  row: OwnTenantRow,
  rules: GroupFormRules,
): GroupFormResult {
  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  const candidate = structuredClone(row) as unknown as Record<string, unknown>;
  for (const field of group.fields) {
    const typed = typedValue(field, body[field.name], row);
    if ('error' in typed) errors.push({ field: field.name, message: rules.t(typed.error) });
    else {
      values[field.name] = typed.value;
      setValueAt(candidate, field.path, typed.value);
    }
  }
  errors.push(...extraRules(group, values, rules).filter((rule) => !errors.some((e) => e.field === rule.field)));
  const parsed = tenantRowSchema(rules.settingsSchema).safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // An issue outside the group (a stored value the registry would refuse) is told on its first field.
      const field = group.fields.find((f) => samePath(issue.path, f.path)) ?? group.fields[0]!;
      if (!errors.some((error) => error.field === field.name)) {
        errors.push({ field: field.name, message: issueMessage(issue, rules.t) });
      }
    }
  }
  // In the order of the form, as the summary lists them.
  const order = group.fields.map((field) => field.name);
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (errors.length > 0 || !parsed.success) {
    const typedIn = Object.fromEntries(group.fields.map((field) => [field.name, body[field.name]]));
    return { ok: false, errors, values: echo(typedIn) };
  }
  // The values as the schema gave them back (a colour in lower case), written into the row as stored.
  const change: OwnTenantChange = {
    modules: row.modules as Module[],
    branding: row.branding,
    contact: row.contact,
    settings: row.settings,
  };
  const written = change as unknown as Record<string, unknown>;
  for (const field of group.fields) {
    const value = field.kind === 'modules' ? values[field.name] : valueAt(parsed.data, field.path);
    values[field.name] = value;
    setValueAt(written, field.path, value);
  }
  return { ok: true, change, values };
}

/** What was typed, to put back into the fields: text as typed, ticked boxes as the form sends them. */
function echo(typedIn: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(typedIn)) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.map(String).join(' ');
  }
  return values;
}
