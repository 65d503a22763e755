// What tenant:create and tenant:set share: the options for a tenant's profile (branding,
// contact), how they land in a TenantInput, and how zod's field paths are told back to the
// operator as the options they typed.
import type { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../platform/i18n/locales.ts';
import type { TenantInput } from '../../platform/tenancy/tenant-admin.ts';
import { MODULES, TENANT_KINDS, TIME_ZONES } from '../../platform/tenancy/tenant.ts';
import type { OptionSpec } from './command.ts';

const oneOf = (values: readonly string[]): string => `one of ${values.join(', ')}`;

export const IDENTITY_OPTIONS = {
  name: { type: 'string', value: '<text>', description: 'Full name shown on every page' },
  kind: { type: 'string', value: '<kind>', description: oneOf(TENANT_KINDS) },
  locale: { type: 'string', value: '<locale>', description: `Default language, ${oneOf(SUPPORTED_LOCALES)}` },
  'time-zone': { type: 'string', value: '<zone>', description: oneOf(TIME_ZONES) },
} as const satisfies Record<string, OptionSpec>;

export const CONTACT_OPTIONS = {
  street: { type: 'string', value: '<text>', description: 'Address: street and number' },
  'postal-code': { type: 'string', value: '<code>', description: 'Address: postal code' },
  city: { type: 'string', value: '<text>', description: 'Address: city' },
  phone: { type: 'string', value: '<phone>', description: 'Contact phone number' },
  email: { type: 'string', value: '<email>', description: 'Contact e-mail address' },
  'dpo-email': { type: 'string', value: '<email>', description: "Data protection officer's e-mail (privacy notice)" },
  website: { type: 'string', value: '<url>', description: 'Website, http(s)://…' },
} as const satisfies Record<string, OptionSpec>;

export const BRANDING_OPTIONS = {
  'primary-colour': {
    type: 'string',
    value: '<#rrggbb>',
    description: 'Header and link colour; needs 4.5:1 contrast with white',
  },
  'accent-colour': {
    type: 'string',
    value: '<#rrggbb>',
    description: 'Accent colour; needs 4.5:1 contrast with white',
  },
  'logo-text': { type: 'string', value: '<text>', description: 'Short mark in the header badge, 1-12 characters' },
} as const satisfies Record<string, OptionSpec>;

export const MODULE_LIST = oneOf(MODULES);

type ProfileValues = { [K in keyof typeof CONTACT_OPTIONS | keyof typeof BRANDING_OPTIONS]?: string | undefined };

/** Writes the given profile options over the input's branding and contact (absent options keep their value). */
export function applyProfileOptions(input: TenantInput, values: ProfileValues): void {
  const given = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
  const branding = input.branding as Partial<TenantInput['branding']>;
  const contact = input.contact as Partial<TenantInput['contact']>;
  const address = (contact.address ?? {}) as Partial<TenantInput['contact']['address']>;
  input.branding = {
    primaryColour: given(values['primary-colour'], branding.primaryColour),
    accentColour: given(values['accent-colour'], branding.accentColour),
    logoText: given(values['logo-text'], branding.logoText),
  } as TenantInput['branding'];
  input.contact = {
    address: {
      street: given(values.street, address.street),
      postalCode: given(values['postal-code'], address.postalCode),
      city: given(values.city, address.city),
    },
    phone: given(values.phone, contact.phone),
    email: given(values.email, contact.email),
    // An empty --website "" removes it: the field is optional.
    ...(given(values.website, contact.website) ? { website: given(values.website, contact.website) } : {}),
    dataProtectionOfficerEmail: given(values['dpo-email'], contact.dataProtectionOfficerEmail),
  } as TenantInput['contact'];
}

// TenantInput field paths, as zod reports them, mapped back to the options that set them.
const OPTION_FOR_PATH: Record<string, string> = {
  slug: '--slug',
  name: '--name',
  kind: '--kind',
  defaultLocale: '--locale',
  timeZone: '--time-zone',
  modules: '--module',
  domains: '--domain',
  'branding.primaryColour': '--primary-colour',
  'branding.accentColour': '--accent-colour',
  'branding.logoText': '--logo-text',
  'contact.address.street': '--street',
  'contact.address.postalCode': '--postal-code',
  'contact.address.city': '--city',
  'contact.phone': '--phone',
  'contact.email': '--email',
  'contact.website': '--website',
  'contact.dataProtectionOfficerEmail': '--dpo-email',
};

function optionForPath(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === 'settings') return `--setting ${rest.join('.')}`;
  // A list element (modules.1) is reported as the list's option.
  const dotted = [head, ...rest.filter((part) => !/^\d+$/.test(part))].join('.');
  return OPTION_FOR_PATH[dotted] ?? dotted;
}

/** zod's issues as "--option: message" lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${optionForPath(issue.path)}: ${issue.message}`);
}
