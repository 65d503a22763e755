// The groups of a tenant's settings a manager edits, one form each (issue #19). A field names
// where its value lives in the tenant's row (a path), and nothing else: what it may be is
// the registry's own schema's to say (tenantRowSchema), so the form cannot accept what the
// registry would then refuse to serve, and a rule changed in a feature's settings holds here
// at once. The choices of a choice field are read from that schema too.
import type { z } from 'zod';
import type { Module } from '../../platform/tenancy/tenant.ts';

export const GROUP_NAMES = [
  'registration',
  'sessions',
  'lockout',
  'contact',
  'modules',
  'branding',
  'housing',
  'cards',
] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

/** How a field is typed in: the form's strings become what the schema checks. */
export type FieldKind = 'integer' | 'text' | 'email' | 'url' | 'choice' | 'switch' | 'colour' | 'modules';

export interface SettingsField {
  /** The form field's name and id; its label is adminSettings:fields.<name>. */
  name: string;
  kind: FieldKind;
  /** Where the value is in the row: a column (modules, branding, contact, settings), then keys. */
  path: readonly [column: 'modules' | 'branding' | 'contact' | 'settings', ...keys: string[]];
  /** A text field that may be left empty (the key is then removed). */
  optional?: boolean;
  maxlength?: number;
}

export interface SettingsGroup {
  name: GroupName;
  fields: readonly SettingsField[];
  /** Listed on the overview only at a tenant that offers this module (the settings are that module's). */
  module?: Module;
}

const setting = (name: string, kind: FieldKind, ...keys: string[]): SettingsField => ({
  name,
  kind,
  path: ['settings', ...keys],
});

export const GROUPS: Readonly<Record<GroupName, SettingsGroup>> = {
  registration: {
    name: 'registration',
    fields: [
      setting('passwordPolicy', 'choice', 'passwordPolicy'),
      setting('selfRegistration', 'switch', 'selfRegistration'),
      setting('nationalId', 'choice', 'nationalId'),
      setting('minimumAge', 'integer', 'minimumAge'),
      setting('activationLinkHours', 'integer', 'activationLinkHours'),
      setting('passwordResetMinutes', 'integer', 'passwordResetMinutes'),
    ],
  },
  sessions: {
    name: 'sessions',
    fields: [
      setting('sessionIdleMinutes', 'integer', 'session', 'idleMinutes'),
      setting('sessionAbsoluteHours', 'integer', 'session', 'absoluteHours'),
      setting('staffSessionIdleMinutes', 'integer', 'staffSession', 'idleMinutes'),
      setting('staffSessionAbsoluteHours', 'integer', 'staffSession', 'absoluteHours'),
      setting('staffTotpRequired', 'switch', 'staffTotpRequired'),
    ],
  },
  lockout: {
    name: 'lockout',
    fields: [
      setting('lockoutMaxFailures', 'integer', 'lockout', 'maxFailures'),
      setting('lockoutWindowMinutes', 'integer', 'lockout', 'windowMinutes'),
      setting('lockoutLockMinutes', 'integer', 'lockout', 'lockMinutes'),
    ],
  },
  contact: {
    name: 'contact',
    fields: [
      { name: 'street', kind: 'text', path: ['contact', 'address', 'street'], maxlength: 200 },
      { name: 'postalCode', kind: 'text', path: ['contact', 'address', 'postalCode'], maxlength: 20 },
      { name: 'city', kind: 'text', path: ['contact', 'address', 'city'], maxlength: 100 },
      { name: 'phone', kind: 'text', path: ['contact', 'phone'], maxlength: 50 },
      { name: 'email', kind: 'email', path: ['contact', 'email'], maxlength: 254 },
      { name: 'website', kind: 'url', path: ['contact', 'website'], optional: true, maxlength: 500 },
      { name: 'dataProtectionOfficerEmail', kind: 'email', path: ['contact', 'dataProtectionOfficerEmail'] },
    ],
  },
  modules: { name: 'modules', fields: [{ name: 'modules', kind: 'modules', path: ['modules'] }] },
  branding: {
    name: 'branding',
    fields: [
      { name: 'primaryColour', kind: 'colour', path: ['branding', 'primaryColour'], maxlength: 7 },
      { name: 'accentColour', kind: 'colour', path: ['branding', 'accentColour'], maxlength: 7 },
      { name: 'logoText', kind: 'text', path: ['branding', 'logoText'], maxlength: 12 },
    ],
  },
  // features/housing/settings.ts: the payee in the banks' QR code, and the premises' account numbers.
  housing: {
    name: 'housing',
    module: 'premises',
    fields: [
      { name: 'payeeNip', kind: 'text', path: ['settings', 'payeeNip'], optional: true, maxlength: 10 },
      {
        name: 'accountSortingCode',
        kind: 'text',
        path: ['settings', 'accountSortingCode'],
        optional: true,
        maxlength: 8,
      },
      { name: 'accountPrefix', kind: 'text', path: ['settings', 'accountPrefix'], optional: true, maxlength: 15 },
    ],
  },
  // features/cards/city/pickup/file-retention.ts: how long an ended application's files are kept.
  cards: {
    name: 'cards',
    module: 'city_card',
    fields: [setting('fileRetentionDays', 'integer', 'cityCard', 'fileRetentionDays')],
  },
};

export function isGroupName(name: string): name is GroupName {
  return (GROUP_NAMES as readonly string[]).includes(name);
}

/** The value at a path of a plain object, or undefined. */
export function valueAt(source: unknown, path: readonly string[]): unknown {
  let value = source;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets (or, for undefined, removes) the value at a path, making the objects on the way. */
export function setValueAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * The choices of an enum in a schema, through its defaults and optionality: a choice field
 * offers what the registry's schema accepts, in its order.
 */
export function choicesOf(schema: z.core.$ZodType | undefined, path: readonly string[]): string[] {
  let node: z.core.$ZodType | undefined = schema;
  const steps = [...path];
  while (node) {
    const def = node._zod.def as unknown as {
      type: string;
      innerType?: z.core.$ZodType;
      shape?: Record<string, z.core.$ZodType>;
      entries?: Record<string, string>;
    };
    if (def.innerType) node = def.innerType;
    else if (def.type === 'object' && steps.length > 0) node = def.shape?.[steps.shift()!];
    else if (def.type === 'enum' && steps.length === 0) return Object.values(def.entries ?? {});
    else return [];
  }
  return [];
}
