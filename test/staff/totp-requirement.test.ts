// TOTP for staff: required by default; a tenant outside production may turn it off, and then a
// member not yet enrolled signs in with the password alone. In production tenant:set refuses to
// turn it off, and the portal requires it whatever the stored setting says.
import { describe, expect, it } from 'vitest';
import { totpRequired } from '../../src/features/staff/settings.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { submitForm } from '../support/forms.ts';
import { newAgent } from '../support/sessions.ts';
import { createActiveStaff } from '../support/staff.ts';
import { cliEnv, okienko } from '../cli/cli-harness.ts';

const db = useTestDatabase();

describe('whether staff need the second factor', () => {
  it('is always so in production, and as the tenant says elsewhere', () => {
    expect(totpRequired({ staffTotpRequired: false }, true)).toBe(true);
    expect(totpRequired({ staffTotpRequired: true }, false)).toBe(true);
    expect(totpRequired({ staffTotpRequired: false }, false)).toBe(false);
  });

  it('lets a development tenant without it sign a member in with the password alone', async () => {
    const created = await createTenant(db.current.owner, { settings: { staffTotpRequired: false } });
    const slug = created.input.slug;
    const { app } = await createTestApp(db.current);
    const member = await createActiveStaff(db.current.app, created.id, { enrolled: false });
    const agent = newAgent(app);
    const signedIn = await submitForm(
      agent,
      `/${slug}/admin/sign-in?lang=en`,
      { email: member.email, password: member.password },
      { action: `/${slug}/admin/sign-in` },
    );
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(`/${slug}/admin/`);
    await agent.get(`/${slug}/admin/`).expect(200);
  });

  it('cannot be turned off by tenant:set in production, and nothing is written', async () => {
    const created = await createTenant(db.current.owner);
    const env = cliEnv(db.current);
    const production = {
      ...env,
      NODE_ENV: 'production',
      DATABASE_URL: db.current.urls.appUrl,
      DATABASE_WORKER_URL: db.current.urls.workerUrl,
      PUBLIC_URL: 'https://portal.example.pl',
    };
    const refused = await okienko(
      ['tenant:set', '--slug', created.input.slug, '--setting', 'staffTotpRequired=false'],
      production,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('staffTotpRequired=false: staff sign in with TOTP in production');
    const stored = await db.current.owner('tenants').where({ id: created.id }).first('settings');
    expect(stored.settings.staffTotpRequired).not.toBe(false);
    const allowed = await okienko(
      ['tenant:set', '--slug', created.input.slug, '--setting', 'staffTotpRequired=false'],
      env,
    );
    expect(allowed.code).toBe(0);
  });
});
