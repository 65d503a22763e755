// Creating and changing tenants: owner-only operations used by the seeds and, later, the
// operator CLI. Input is validated with the same schemas the registry reads with.
import type { Knex } from 'knex';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../i18n/locales.ts';
import { isUsableSlug } from './reserved-slugs.ts';
import { brandingSchema, contactSchema, MODULES, TENANT_KINDS, TIME_ZONES, type SettingsSchema } from './tenant.ts';
import { asTenantId, type TenantId } from './tenant-transaction.ts';
import { notify } from '../db/notify.ts';
import { TENANTS_CHANGED_CHANNEL } from './tenant-registry.ts';

const tenantInputShape = {
  slug: z.string().refine(isUsableSlug, 'must be 1-40 lower-case letters, digits or hyphens, and not a reserved word'),
  name: z.string().trim().min(2).max(200),
  kind: z.enum(TENANT_KINDS),
  modules: z.array(z.enum(MODULES)).default([]),
  defaultLocale: z.enum(SUPPORTED_LOCALES),
  timeZone: z.enum(TIME_ZONES),
  branding: brandingSchema,
  contact: contactSchema,
  domains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.-]+$/),
    )
    .default([]),
};

/** A tenant as the seeds and the CLI give it, its settings checked against the whole schema. */
export function tenantInputSchema(settings: SettingsSchema) {
  return z.object({ ...tenantInputShape, settings: settings.partial().default({}) });
}

export type TenantInput = Omit<z.input<ReturnType<typeof tenantInputSchema>>, 'settings'> & {
  settings?: Record<string, unknown>;
};

/** Creates the tenant or updates the one with the same slug; returns its id. */
export async function upsertTenant(owner: Knex, input: TenantInput, settings: SettingsSchema): Promise<TenantId> {
  const tenant = tenantInputSchema(settings).parse(input);
  return owner.transaction(async (trx) => {
    const columns = {
      slug: tenant.slug,
      name: tenant.name,
      kind: tenant.kind,
      modules: tenant.modules,
      default_locale: tenant.defaultLocale,
      time_zone: tenant.timeZone,
      branding: tenant.branding,
      contact: tenant.contact,
      settings: tenant.settings,
    };
    const [row] = await trx('tenants')
      .insert(columns)
      .onConflict('slug')
      // A value, not now(): Citus refuses a non-immutable function in DO UPDATE SET.
      .merge({ ...columns, updated_at: new Date() })
      .returning('id');
    const id = asTenantId(row.id);
    await trx('tenant_domains').where({ tenant_id: id }).delete();
    if (tenant.domains.length > 0) {
      await trx('tenant_domains').insert(tenant.domains.map((hostname) => ({ hostname, tenant_id: id })));
    }
    await notify(trx, TENANTS_CHANGED_CHANNEL);
    return id;
  });
}
