// tenant:create, tenant:list and tenant:set against a real database, as an operator would
// use them; a running portal's registry sees the changes through NOTIFY, without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { useTestDatabase } from '../support/database.ts';
import { pollValue } from '../support/polling.ts';
import { cliEnv, createArgs, okienko, tenantTables, type CliRun } from './cli-harness.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

const db = useTestDatabase();
let env: NodeJS.ProcessEnv;
let registry: TenantRegistry;

beforeAll(async () => {
  env = cliEnv(db.current);
  // A portal's registry as it runs in production: the app role, kept fresh by LISTEN.
  registry = new TenantRegistry(db.current.app, createLogger('silent'), TENANT_SETTINGS);
  await registry.reload();
  await registry.watch(db.current.urls.appUrl);
});

afterAll(async () => {
  await registry.close();
});

const run = (...argv: string[]): Promise<CliRun> => okienko(argv, env);

describe('tenant:create, tenant:list, tenant:set', () => {
  it('creates a tenant that the list shows, changes a nested setting, and the registry sees both', async () => {
    const created = await run(
      ...createArgs('osir-brzozow', {}, '--module', 'registration', '--module', 'client_card'),
      ...['--domain', 'Portal.OSIR-Brzozow.example.pl.', '--setting', 'minimumAge=13'],
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const row = await db.current.owner('tenants').where({ slug: 'osir-brzozow' }).first();
    expect(created.stdout).toContain('URL path: /osir-brzozow/');
    expect(created.stdout).toContain(row.id);
    expect(row.branding).toEqual({ primaryColour: '#0b5394', accentColour: '#9c2f00', logoText: 'OSRB' });
    expect(row.settings).toMatchObject({ minimumAge: 13, session: { idleMinutes: 30 } });

    const table = await run('tenant:list');
    expect(table.code).toBe(0);
    const line = table.stdout.split('\n').find((text) => text.startsWith('osir-brzozow '));
    expect(line).toMatch(
      /Ośrodek Sportu i Rekreacji w Brzozowie\s+sports_centre\s+pl\s+portal\.osir-brzozow\.example\.pl/,
    );
    expect(line).toContain('registration, client_card');

    const json = await run('tenant:list', '--json');
    const listed = JSON.parse(json.stdout) as { slug: string; domains: string[]; modules: string[]; id: string }[];
    expect(listed.find((tenant) => tenant.slug === 'osir-brzozow')).toMatchObject({
      id: row.id,
      domains: ['portal.osir-brzozow.example.pl'],
      modules: ['registration', 'client_card'],
    });

    expect(await pollValue(() => registry.findBySlug('osir-brzozow'), Boolean)).toBeDefined();
    expect(registry.findByHost('portal.osir-brzozow.example.pl')?.slug).toBe('osir-brzozow');

    const set = await run('tenant:set', '--slug', 'osir-brzozow', '--setting', 'session.idleMinutes=20');
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('Updated tenant "osir-brzozow":\n  settings.session.idleMinutes: 30 → 20\n');
    const changed = await db.current.owner('tenants').where({ slug: 'osir-brzozow' }).first();
    expect(changed.settings).toMatchObject({ minimumAge: 13, session: { idleMinutes: 20, absoluteHours: 12 } });
    const seen = await pollValue(
      () => registry.findBySlug('osir-brzozow')?.settings.session.idleMinutes,
      (minutes) => minutes === 20,
    );
    expect(seen).toBe(20);
  });

  it('changes name, branding, contact, modules and domains, and leaves the rest as it was', async () => {
    expect((await run(...createArgs('mzk-brzozow', {}, '--domain', 'stara.mzk.example.pl'))).code).toBe(0);
    const before = await db.current.owner('tenants').where({ slug: 'mzk-brzozow' }).first();

    const set = await run(
      ...['tenant:set', '--slug', 'mzk-brzozow', '--name', 'MZK Brzozów', '--primary-colour', '#1D5E20'],
      ...['--city', 'Brzozów Dolny', '--website', 'https://mzk.example.pl', '--add-module', 'city_card'],
      ...['--add-domain', 'NOWA.mzk.example.pl', '--remove-domain', 'stara.mzk.example.pl'],
      ...['--setting', 'selfRegistration=false', '--setting', 'passwordPolicy=sports_centre'],
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  branding.primaryColour: "#0b5394" → "#1d5e20"',
        '  contact.website: (none) → "https://mzk.example.pl"',
        '  domains: ["stara.mzk.example.pl"] → ["nowa.mzk.example.pl"]',
        '  modules: [] → ["city_card"]',
        '  name: "Ośrodek Sportu i Rekreacji w Brzozowie" → "MZK Brzozów"',
      ]),
    );

    const after = await db.current.owner('tenants').where({ slug: 'mzk-brzozow' }).first();
    expect(after.name).toBe('MZK Brzozów');
    expect(after.branding).toEqual({ ...before.branding, primaryColour: '#1d5e20' });
    expect(after.contact).toEqual({
      ...before.contact,
      website: 'https://mzk.example.pl',
      address: { ...before.contact.address, city: 'Brzozów Dolny' },
    });
    expect(after.modules).toEqual(['city_card']);
    expect(after.settings).toEqual({ ...before.settings, selfRegistration: false, passwordPolicy: 'sports_centre' });
    const domains = await db.current.owner('tenant_domains').where({ tenant_id: after.id }).pluck('hostname');
    expect(domains).toEqual(['nowa.mzk.example.pl']);
    expect(await pollValue(() => registry.findByHost('nowa.mzk.example.pl')?.name, Boolean)).toBe('MZK Brzozów');
    expect(registry.findByHost('stara.mzk.example.pl')).toBeUndefined();
  });

  it('writes nothing when the values are already as asked', async () => {
    expect((await run(...createArgs('mosir-bez-zmian', {}, '--setting', 'minimumAge=18'))).code).toBe(0);
    const before = await tenantTables(db.current.owner);
    const set = await run('tenant:set', '--slug', 'mosir-bez-zmian', '--setting', 'minimumAge=18', '--city', 'Brzozów');
    expect(set).toEqual({
      code: 0,
      stdout: 'Tenant "mosir-bez-zmian" already had these values; nothing changed.\n',
      stderr: '',
    });
    expect(await tenantTables(db.current.owner)).toEqual(before);
  });

  it('refuses to create a slug that exists, and says to use tenant:set', async () => {
    expect((await run(...createArgs('wm-brzozowa'))).code).toBe(0);
    const before = await db.current.owner('tenants').where({ slug: 'wm-brzozowa' }).first();

    const again = await run(...createArgs('wm-brzozowa', { name: 'Inna Nazwa' }));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('tenant "wm-brzozowa" already exists; change it with tenant:set');
    expect(await db.current.owner('tenants').where({ slug: 'wm-brzozowa' }).first()).toEqual(before);
  });

  it('prints an empty list as a sentence, and a disabled tenant as disabled', async () => {
    expect((await run(...createArgs('sm-wylaczona'))).code).toBe(0);
    await db.current.owner('tenants').where({ slug: 'sm-wylaczona' }).update({ enabled: false });
    const table = await run('tenant:list');
    expect(table.stdout).toMatch(/^sm-wylaczona\s+Ośrodek Sportu i Rekreacji w Brzozowie \(disabled\)/m);
    const json = JSON.parse((await run('tenant:list', '--json')).stdout) as { slug: string; enabled: boolean }[];
    expect(json.find((tenant) => tenant.slug === 'sm-wylaczona')?.enabled).toBe(false);
  });
});
