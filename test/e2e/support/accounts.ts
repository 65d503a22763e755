// Clients for browser tests, written into the test database as activation or the front desk
// would leave them, and signing in through the real form as a person would.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { asTenantId } from '../../../src/platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../../../src/platform/tenancy/tenant.ts';
import { makePesel } from '../../../src/lib/pesel.ts';
import { hashPassword } from '../../../src/platform/crypto/password-hash.ts';
import { createActiveClient, createClient, createClientWithPesel } from '../../support/clients.ts';
import type { BrowserApp } from './harness.ts';

export function demoTenant(e2e: BrowserApp, slug: string): Tenant {
  const tenant = e2e.testApp.registry.findBySlug(slug);
  if (!tenant) throw new Error(`the demo tenant ${slug} is seeded`);
  return tenant;
}

/** An active client with an e-mail address and a password (the tenant's rules are not checked here). */
export async function activeClientAt(
  e2e: BrowserApp,
  slug: string,
  columns: Record<string, unknown> & { password?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  const client = await createActiveClient(e2e.db.app, asTenantId(demoTenant(e2e, slug).id), columns);
  return { id: client.id, email: client.email!, password: client.password };
}

let longestClients = 0;

/**
 * An active client whose details run as long as real ones do, so that every row of the profile
 * shows and has to fit: two given names, a double surname, an e-mail address with no place to
 * break, a login, and a PESEL where the tenant keeps one (each client its own: it is unique).
 */
export async function longestClientAt(
  e2e: BrowserApp,
  slug: string,
  columns: Record<string, unknown> = {},
): Promise<{ id: string; email: string; password: string }> {
  const tenant = demoTenant(e2e, slug);
  const serial = ++longestClients;
  const details = {
    first_name: 'Maria Konstancja',
    last_name: 'Brzęczyszczykiewicz-Wierzbicka',
    email: `maria.konstancja.brzeczyszczykiewicz-wierzbicka.${serial}@spoldzielnia-mieszkaniowa.example.test`,
    login: `maria.brzeczyszczykiewicz-wierzbicka.${serial}`,
    ...columns,
  };
  const client =
    tenant.settings.nationalId === 'none'
      ? await createActiveClient(e2e.db.app, asTenantId(tenant.id), details)
      : await createClientWithPesel(
          e2e.db.app,
          asTenantId(tenant.id),
          makePesel({ year: 1944, month: 5, day: 14, serial }),
          details,
        );
  return { id: client.id, email: client.email!, password: client.password };
}

/**
 * An account the front desk opened ('issued'): a login and a start password valid for a week,
 * no e-mail address, never signed in.
 */
export async function issuedClientAt(
  e2e: BrowserApp,
  slug: string,
  startPassword: string,
  columns: Record<string, unknown> = {},
): Promise<{ id: string; login: string }> {
  const login = `klient.${randomBytes(4).toString('hex')}`;
  const client = await createClient(e2e.db.app, asTenantId(demoTenant(e2e, slug).id), {
    email: null,
    login,
    status: 'issued',
    password_hash: await hashPassword(startPassword),
    start_password_expires_at: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
    ...columns,
  });
  return { id: client.id, login };
}

/**
 * Fills the sign-in form (found by its field names, so it works in every language) and sends
 * it; resolves with the POST's answer once the page it leads to has loaded.
 */
export async function signInThroughForm(
  page: Page,
  slug: string,
  identifier: string,
  password: string,
  query = '',
): Promise<{ status: number; location?: string }> {
  await page.goto(`/${slug}/sign-in${query}`);
  const form = page.locator('main form[action$="/sign-in"]');
  await form.locator('input[name="identifier"]').fill(identifier);
  await form.locator('input[name="password"]').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ]);
  await page.waitForLoadState();
  return { status: response.status(), location: response.headers().location };
}

/** Signs in and checks that it reached the dashboard. */
export async function signInToDashboard(page: Page, slug: string, identifier: string, password: string): Promise<void> {
  const answer = await signInThroughForm(page, slug, identifier, password);
  expect(answer, `signing in at ${slug}`).toEqual({ status: 303, location: `/${slug}/account` });
  await page.waitForURL((url) => url.pathname === `/${slug}/account`);
}
