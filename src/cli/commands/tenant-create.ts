// tenant:create: a new tenant from the command line, validated by the schemas the registry
// reads with, written by upsertTenant. Never overwrites: an existing slug is tenant:set's job.
import { RESERVED_SLUGS } from '../../platform/tenancy/reserved-slugs.ts';
import { tenantInputSchema, upsertTenant, type TenantInput } from '../../platform/tenancy/tenant-admin.ts';
import { domainNameSchema, domainsHeldByOthers } from '../../platform/tenancy/tenant-domains-admin.ts';
import { CliError, defineCommand, InvalidValuesError } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';
import { applySettingAssignments, parseSettingAssignment, unknownSettingKeys } from './setting-assignments.ts';
import {
  applyProfileOptions,
  BRANDING_OPTIONS,
  CONTACT_OPTIONS,
  describeIssues,
  IDENTITY_OPTIONS,
  MODULE_LIST,
} from './tenant-options.ts';
import { TENANT_SETTINGS } from '../../features/index.ts';

// Defaults only where a neutral choice exists: both pass the 4.5:1 contrast rule with white.
const DEFAULT_PRIMARY_COLOUR = '#0b5394';
const DEFAULT_ACCENT_COLOUR = '#9c2f00';

/** "Miejski Ośrodek Sportu i Rekreacji" → "MOSR": the capitalised words' initials, else the slug. */
export function defaultLogoText(name: string, slug: string): string {
  const initials = name
    .split(/\s+/)
    .filter((word) => /^\p{Lu}/u.test(word))
    .map((word) => word[0])
    .join('');
  return (initials.length >= 2 ? initials : slug.toUpperCase()).slice(0, 12);
}

// The shared declarations are optional (as tenant:set uses them); creating needs most of them.
const required = <T extends object>(options: T): { [K in keyof T]: T[K] & { required: true } } =>
  Object.fromEntries(Object.entries(options).map(([key, spec]) => [key, { ...spec, required: true }])) as never;

const { website, ...requiredContact } = CONTACT_OPTIONS;

export const tenantCreate = defineCommand({
  name: 'tenant:create',
  summary: 'Create a tenant (refuses a slug that exists; change one with tenant:set)',
  details: [
    `Branding defaults: --primary-colour ${DEFAULT_PRIMARY_COLOUR}, --accent-colour ${DEFAULT_ACCENT_COLOUR},\n` +
      '--logo-text from the initials of the name. Settings not given take their defaults (tenant:set --help lists them).',
  ],
  options: {
    slug: {
      type: 'string',
      required: true,
      value: '<slug>',
      description: 'URL path /{slug}/: 1-40 of a-z, 0-9, "-"; not a reserved word',
    },
    ...required(IDENTITY_OPTIONS),
    ...required(requiredContact),
    website,
    ...BRANDING_OPTIONS,
    module: { type: 'string', multiple: true, value: '<module>', description: `A module to offer, ${MODULE_LIST}` },
    domain: { type: 'string', multiple: true, value: '<host>', description: 'A custom domain serving the tenant' },
    setting: { type: 'string', multiple: true, value: '<key=value>', description: 'A setting, as in tenant:set' },
  },
  examples: [
    'npm run okienko -- tenant:create --slug osir-brzozow --name "Ośrodek Sportu i Rekreacji w Brzozowie" \\',
    '  --kind sports_centre --locale pl --time-zone Europe/Warsaw --street "ul. Parkowa 1" --postal-code 36-200 \\',
    '  --city Brzozów --phone "+48 13 000 00 00" --email biuro@osir.example.pl --dpo-email iod@osir.example.pl \\',
    '  --module registration --module client_card --domain portal.osir.example.pl --setting minimumAge=13',
  ],

  async run({ options, io, print }) {
    const assignments = options.setting.map(parseSettingAssignment);
    const problems = assignments.flatMap(unknownSettingKeys);
    if (RESERVED_SLUGS.has(options.slug)) {
      problems.push(`--slug: "${options.slug}" is reserved for the portal's own paths`);
    }
    const domains = options.domain.map((domain) => {
      const parsed = domainNameSchema.safeParse(domain);
      if (!parsed.success) problems.push(`--domain ${domain}: ${parsed.error.issues[0]!.message}`);
      return parsed.success ? parsed.data : domain;
    });
    const input: TenantInput = {
      slug: options.slug,
      name: options.name,
      kind: options.kind as TenantInput['kind'],
      modules: options.module as TenantInput['modules'],
      defaultLocale: options.locale as TenantInput['defaultLocale'],
      timeZone: options['time-zone'] as TenantInput['timeZone'],
      branding: {
        primaryColour: DEFAULT_PRIMARY_COLOUR,
        accentColour: DEFAULT_ACCENT_COLOUR,
        logoText: defaultLogoText(options.name, options.slug),
      },
      contact: {} as TenantInput['contact'],
      settings: problems.length ? {} : applySettingAssignments({}, assignments),
      domains: [...new Set(domains)],
    };
    applyProfileOptions(input, options);
    const checked = tenantInputSchema(TENANT_SETTINGS).safeParse(input);
    if (!checked.success) {
      // The reserved word was named above, more plainly than the schema's general slug rule.
      const reserved = RESERVED_SLUGS.has(options.slug);
      problems.push(...describeIssues(checked.error).filter((line) => !(reserved && line.startsWith('--slug:'))));
    }
    if (problems.length > 0) throw new InvalidValuesError(problems);

    const { id, publicUrl } = await withOwnerDatabase(io, (owner, config) =>
      owner.transaction(async (trx) => {
        // Blocks other writers of tenants (not readers) until commit, so two creates of one
        // slug cannot both pass the check below and the second silently update the first.
        await trx.raw('LOCK TABLE tenants IN SHARE ROW EXCLUSIVE MODE');
        if (await trx('tenants').where({ slug: input.slug }).first('id')) {
          throw new CliError(`tenant "${input.slug}" already exists; change it with tenant:set`);
        }
        const held = await domainsHeldByOthers(trx, input.domains ?? []);
        if (held.length > 0) {
          throw new CliError(held.map((d) => `--domain ${d.hostname} already serves tenant "${d.slug}"`).join('\n'));
        }
        return { id: await upsertTenant(trx, input, TENANT_SETTINGS), publicUrl: config.publicUrl };
      }),
    );

    print(`Created tenant "${input.slug}" (id ${id}).`);
    print(`  URL path: /${input.slug}/   (${publicUrl}/${input.slug}/)`);
    for (const domain of input.domains ?? []) print(`  Domain:   ${domain}`);
  },
});
