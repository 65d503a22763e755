// tenant:set: changes part of an existing tenant. The stored tenant is read (locked), the
// changes are laid over it, and the whole is validated and written by upsertTenant, so a
// tenant can never be left in a shape the registry would refuse to serve. Running portals
// reload on the notice upsertTenant sends (TENANTS_CHANGED_CHANNEL).
import type { Knex } from 'knex';
import { tenantInputSchema, upsertTenant, type TenantInput } from '../../platform/tenancy/tenant-admin.ts';
import { domainNameSchema, domainsHeldByOthers } from '../../platform/tenancy/tenant-domains-admin.ts';
import { asTenantId, type TenantId } from '../../platform/tenancy/tenant-transaction.ts';
import { CliError, defineCommand, InvalidValuesError, UsageError, type OptionValues } from './command.ts';
import { describeChanges } from './object-diff.ts';
import { withOwnerDatabase } from './owner-database.ts';
import {
  applySettingAssignments,
  parseSettingAssignment,
  settingDefaults,
  unknownSettingKeys,
} from './setting-assignments.ts';
import {
  applyProfileOptions,
  BRANDING_OPTIONS,
  CONTACT_OPTIONS,
  describeIssues,
  IDENTITY_OPTIONS,
  MODULE_LIST,
} from './tenant-options.ts';
import { TENANT_SETTINGS } from '../../features/index.ts';

const options = {
  slug: { type: 'string', required: true, value: '<slug>', description: 'The tenant to change' },
  ...IDENTITY_OPTIONS,
  ...CONTACT_OPTIONS,
  ...BRANDING_OPTIONS,
  setting: {
    type: 'string',
    multiple: true,
    value: '<key=value>',
    description: 'Change a setting; dotted keys for nested ones, value as JSON else text',
  },
  'add-module': { type: 'string', multiple: true, value: '<module>', description: `Offer a module, ${MODULE_LIST}` },
  'remove-module': { type: 'string', multiple: true, value: '<module>', description: 'Stop offering a module' },
  'add-domain': { type: 'string', multiple: true, value: '<host>', description: 'Serve the tenant at this domain too' },
  'remove-domain': { type: 'string', multiple: true, value: '<host>', description: 'Stop serving this domain' },
} as const;

type Values = OptionValues<typeof options>;

function settingsHelp(): string {
  const defaults = settingDefaults();
  const width = Math.max(...[...defaults.keys()].map((path) => path.length));
  return [...defaults].map(([path, value]) => `  ${path.padEnd(width)}  ${JSON.stringify(value)}`).join('\n');
}

interface StoredTenant {
  id: TenantId;
  input: TenantInput;
}

async function readTenantForUpdate(trx: Knex.Transaction, slug: string): Promise<StoredTenant> {
  const row = await trx('tenants').where({ slug }).forUpdate().first();
  if (!row) throw new CliError(`there is no tenant "${slug}" (tenant:list shows them)`);
  const domains = await trx('tenant_domains').where({ tenant_id: row.id }).orderBy('hostname').pluck('hostname');
  return {
    id: asTenantId(row.id),
    input: {
      slug: row.slug,
      name: row.name,
      kind: row.kind,
      modules: row.modules,
      defaultLocale: row.default_locale,
      timeZone: row.time_zone,
      branding: row.branding,
      contact: row.contact,
      settings: row.settings,
      domains,
    },
  };
}

function normalisedDomains(names: readonly string[], option: string, problems: string[]): string[] {
  return names.map((name) => {
    const parsed = domainNameSchema.safeParse(name);
    if (!parsed.success) problems.push(`--${option} ${name}: ${parsed.error.issues[0]!.message}`);
    return parsed.success ? parsed.data : name;
  });
}

/** The stored tenant with the options laid over it; problems collects what cannot be applied. */
function applyChanges(stored: TenantInput, values: Values, problems: string[]): TenantInput {
  const next: TenantInput = structuredClone(stored);
  if (values.name !== undefined) next.name = values.name;
  if (values.kind !== undefined) next.kind = values.kind as TenantInput['kind'];
  if (values.locale !== undefined) next.defaultLocale = values.locale as TenantInput['defaultLocale'];
  if (values['time-zone'] !== undefined) next.timeZone = values['time-zone'] as TenantInput['timeZone'];
  applyProfileOptions(next, values);

  const assignments = values.setting.map(parseSettingAssignment);
  const unknown = assignments.flatMap(unknownSettingKeys);
  problems.push(...unknown);
  if (unknown.length === 0) next.settings = applySettingAssignments(stored.settings ?? {}, assignments);

  const modules = new Set<string>(stored.modules ?? []);
  for (const module of values['add-module']) modules.add(module);
  for (const module of values['remove-module']) {
    if (!modules.delete(module)) problems.push(`--remove-module ${module}: the tenant does not offer it`);
  }
  next.modules = [...modules] as TenantInput['modules'];

  const domains = new Set(stored.domains ?? []);
  for (const domain of normalisedDomains(values['add-domain'], 'add-domain', problems)) domains.add(domain);
  for (const domain of normalisedDomains(values['remove-domain'], 'remove-domain', problems)) {
    if (!domains.delete(domain)) problems.push(`--remove-domain ${domain}: not a domain of "${stored.slug}"`);
  }
  next.domains = [...domains].sort();
  return next;
}

export const tenantSet = defineCommand({
  name: 'tenant:set',
  summary: "Change a tenant's name, settings, branding, contact details, modules or domains",
  details: [
    'Only the options given change; the result is validated as a whole and nothing is written if any\n' +
      'value is invalid. Running portals pick the change up within moments (NOTIFY tenants_changed).',
    `Settings (--setting key=value) and their defaults:\n${settingsHelp()}`,
  ],
  options,
  examples: [
    'npm run okienko -- tenant:set --slug mosir-zielonka --setting session.idleMinutes=20 --setting selfRegistration=false',
    'npm run okienko -- tenant:set --slug mosir-zielonka --add-domain eus.mosir.example.pl --primary-colour "#1d5e20"',
  ],

  async run({ options: values, io, print }) {
    const { slug, ...requested } = values;
    const given = Object.values(requested).filter((value) =>
      Array.isArray(value) ? value.length > 0 : value !== undefined,
    );
    if (given.length === 0) throw new UsageError('nothing to change: give at least one option besides --slug');

    const changes = await withOwnerDatabase(io, (owner, config) =>
      owner.transaction(async (trx) => {
        const stored = await readTenantForUpdate(trx, slug);
        const problems: string[] = [];
        const next = applyChanges(stored.input, values, problems);
        const checked = tenantInputSchema(TENANT_SETTINGS).safeParse(next);
        if (!checked.success) problems.push(...describeIssues(checked.error));
        else if (config.env === 'production' && checked.data.settings.staffTotpRequired === false) {
          problems.push(
            '--setting staffTotpRequired=false: staff sign in with TOTP in production; only a portal outside production may turn it off',
          );
        }
        if (problems.length > 0) throw new InvalidValuesError(problems);

        const added = (next.domains ?? []).filter((domain) => !stored.input.domains?.includes(domain));
        const held = await domainsHeldByOthers(trx, added, stored.id);
        if (held.length > 0) {
          throw new CliError(
            held.map((d) => `--add-domain ${d.hostname} already serves tenant "${d.slug}"`).join('\n'),
          );
        }
        const changes = describeChanges(stored.input, checked.data);
        // Only a real change is written: a write notifies every portal to reload.
        if (changes.length > 0) await upsertTenant(trx, next, TENANT_SETTINGS);
        return changes;
      }),
    );
    if (changes.length === 0) {
      print(`Tenant "${slug}" already had these values; nothing changed.`);
      return;
    }
    print(`Updated tenant "${slug}":`);
    for (const change of changes) print(`  ${change}`);
  },
});
