// The shape of a tenant as the code sees it. Branding, contact details and settings are
// JSON columns validated here, so every later issue reads typed settings with defaults.
import { z } from 'zod';
import { AA_TEXT_CONTRAST, contrastRatio, isHexColour } from '../../lib/contrast.ts';
import { asTenantId, type TenantId } from './tenant-transaction.ts';
import { SUPPORTED_LOCALES, type Locale } from '../i18n/locales.ts';
import { isUsableSlug } from './reserved-slugs.ts';
import { AUDIT_SETTINGS } from '../audit/settings.ts';

export const TENANT_KINDS = [
  'sports_centre',
  'transport_operator',
  'housing_cooperative',
  'housing_community',
  'city_office',
] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

/** Everything a tenant can offer; each arrives with its own issue, until then "coming soon". */
export const MODULES = [
  'registration',
  'client_card',
  'city_card',
  'balance',
  'premises',
  'e_forms',
  'booking',
] as const;
export type Module = (typeof MODULES)[number];

/** Modules whose pages exist in this version of the portal, with the page a client starts from. */
export const MODULE_PAGES: Readonly<Partial<Record<Module, string>>> = {
  premises: '/premises',
  balance: '/account/money',
  client_card: '/cards',
  city_card: '/cards',
};

export const AVAILABLE_MODULES: ReadonlySet<Module> = new Set<Module>([
  'registration',
  ...(Object.keys(MODULE_PAGES) as Module[]),
]);

export const TIME_ZONES = ['Europe/Warsaw', 'Europe/Prague'] as const;

// White text sits on the primary colour (header) and the primary colour is used for
// links on white, so both directions must meet AA.
const brandColour = z
  .string()
  .refine(isHexColour, 'must be a #rrggbb colour')
  .refine(
    (colour) => !isHexColour(colour) || contrastRatio(colour, '#ffffff') >= AA_TEXT_CONTRAST,
    `must have at least ${AA_TEXT_CONTRAST}:1 contrast with white`,
  )
  .transform((colour) => colour.toLowerCase());

export const brandingSchema = z.object({
  primaryColour: brandColour,
  accentColour: brandColour,
  /** Short mark shown in the header logo badge, e.g. "MOSiR". */
  logoText: z.string().min(1).max(12),
});

const address = z.object({ street: z.string().min(1), postalCode: z.string().min(1), city: z.string().min(1) });

export const contactSchema = z.object({
  address,
  phone: z.string().min(3),
  email: z.string().email(),
  website: z.url({ protocol: /^https?$/ }).optional(),
  /** Data protection officer, named in the privacy notice. */
  dataProtectionOfficerEmail: z.string().email(),
});

/**
 * The platform's own settings: how long a client's and a staff member's session last, how long
 * the audit log is kept. Each feature's manifest adds its part.
 */
const platformSettings = {
  ...AUDIT_SETTINGS,
  /** A staff member's session (issue #18): shorter, as the counter's screen is shared. */
  staffSession: z
    .object({
      idleMinutes: z.number().int().min(5).max(120).default(15),
      absoluteHours: z.number().int().min(1).max(24).default(10),
    })
    .prefault({}),
  session: z
    .object({
      idleMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60)
        .default(30),
      absoluteHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(12),
    })
    .prefault({}),
};

/**
 * A tenant's settings, the platform's and every feature's: a feature that adds settings
 * declares their type into this interface (`declare module`, see features/accounts/settings.ts)
 * and lists their schema in its manifest, from which tenantSettingsSchema builds the whole.
 */
export interface TenantSettings extends z.infer<z.ZodObject<typeof platformSettings>> {}

/** Validates a tenant's settings column, filling in every default. */
export type SettingsSchema = z.ZodObject<z.ZodRawShape>;

export function tenantSettingsSchema(featureSettings: readonly z.ZodRawShape[]): SettingsSchema {
  const shape: Record<string, z.core.$ZodType> = { ...platformSettings };
  for (const part of featureSettings) {
    for (const [key, schema] of Object.entries(part)) {
      if (key in shape) throw new Error(`two features declare the tenant setting ${key}`);
      shape[key] = schema;
    }
  }
  return z.object(shape);
}

export type Branding = z.infer<typeof brandingSchema>;
export type Contact = z.infer<typeof contactSchema>;

export interface Tenant {
  id: TenantId;
  slug: string;
  name: string;
  kind: TenantKind;
  modules: Module[];
  defaultLocale: Locale;
  timeZone: string;
  branding: Branding;
  contact: Contact;
  settings: TenantSettings;
  domains: string[];
}

// A row is read as strictly as tenant-admin writes it: the database checks formats, not the
// portal's reserved words, time zones or modules, and a row that fails here is not served.
const tenantRowShape = {
  id: z.string().transform(asTenantId),
  slug: z.string().refine(isUsableSlug, 'not a usable slug'),
  name: z.string().trim().min(1),
  kind: z.enum(TENANT_KINDS),
  modules: z.array(z.enum(MODULES)),
  default_locale: z.enum(SUPPORTED_LOCALES),
  time_zone: z.enum(TIME_ZONES),
  branding: brandingSchema,
  contact: contactSchema,
  domains: z.array(z.string()).nullable(),
};

/** The schema a row is read with, for a change to be checked against before it is written. */
export function tenantRowSchema(settings: SettingsSchema) {
  return z.object({ ...tenantRowShape, settings });
}

export function tenantFromRow(row: unknown, settings: SettingsSchema): Tenant {
  const parsed = tenantRowSchema(settings).parse(row);
  return {
    id: parsed.id,
    slug: parsed.slug,
    name: parsed.name,
    kind: parsed.kind,
    modules: parsed.modules,
    defaultLocale: parsed.default_locale,
    timeZone: parsed.time_zone,
    branding: parsed.branding,
    contact: parsed.contact,
    settings: parsed.settings as unknown as TenantSettings,
    domains: parsed.domains ?? [],
  };
}
