// The colour pairs the branding form measures are the ones the stylesheets draw: a change of
// main.css's background or panel colour, or of where the tenant's colours are used, fails here
// until BRAND_COLOUR_PAIRS follows it. And the rule only production has: TOTP stays on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BRAND_COLOUR_PAIRS } from '../../src/features/portal/index.ts';
import { readGroupForm } from '../../src/features/tenant-settings/group-form.ts';
import { GROUPS } from '../../src/features/tenant-settings/groups.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';
import { createI18n, translator } from '../../src/platform/i18n/i18n.ts';
import type { OwnTenantRow } from '../../src/platform/tenancy/own-tenant.ts';
import { tenantInput } from '../support/factories.ts';

const css = (name: string) => readFileSync(new URL(`../../public/css/${name}`, import.meta.url), 'utf8');

describe('the brand colour pairs', () => {
  it('are the backgrounds and uses the stylesheets have', () => {
    const main = css('main.css');
    expect(main).toMatch(/--bg: #ffffff;/);
    expect(main).toMatch(/--surface: #f3f4f6;/);
    expect(main).toMatch(/--link: var\(--brand\);/);
    expect(main).toMatch(/\.site-header \{\s*background: var\(--brand\);\s*color: #fff;/);
    expect(css('components.css')).toMatch(/\.status--soon \{[^}]*color: var\(--brand-accent\);/);
    expect(BRAND_COLOUR_PAIRS.map((pair) => `${pair.colour} ${pair.against}`)).toEqual([
      'primaryColour #ffffff',
      'primaryColour #f3f4f6',
      'accentColour #ffffff',
    ]);
  });
});

describe('the sessions group in production', () => {
  const input = tenantInput();
  const row = {
    ...input,
    id: crypto.randomUUID(),
    default_locale: input.defaultLocale,
    time_zone: input.timeZone,
    settings: {},
    domains: null,
    version: '',
  } as unknown as OwnTenantRow;
  const rules = (production: boolean) => ({
    settingsSchema: TENANT_SETTINGS,
    production,
    t: translator(createI18n(), 'en'),
    fmt: { number: String },
  });
  const form = {
    sessionIdleMinutes: '30',
    sessionAbsoluteHours: '12',
    staffSessionIdleMinutes: '15',
    staffSessionAbsoluteHours: '10',
  };

  it('refuses turning TOTP off for staff, which a portal outside production allows', () => {
    const refused = readGroupForm(GROUPS.sessions, form, row, rules(true));
    expect(refused).toMatchObject({
      ok: false,
      errors: [
        {
          field: 'staffTotpRequired',
          message: 'Staff must sign in with a one-time code on this server; it cannot be turned off.',
        },
      ],
    });
    expect(readGroupForm(GROUPS.sessions, form, row, rules(false))).toMatchObject({ ok: true });
    expect(readGroupForm(GROUPS.sessions, { ...form, staffTotpRequired: 'yes' }, row, rules(true))).toMatchObject({
      ok: true,
    });
  });
});
