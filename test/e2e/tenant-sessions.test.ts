// One browser, two tenants: a person signed in at both, in two tabs, has two independent
// sessions — each tenant its own cookie and its own user, and signing out of one leaves the
// other alone. Signs in through the real sign-in form, as clients made in the test database.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { asTenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { useBrowserApp } from './support/harness.ts';

const e2e = useBrowserApp({ file: import.meta.url });

interface Person {
  slug: string;
  firstName: string;
  email: string;
  password: string;
}

/** An active client at a demo tenant (each test makes its own). */
async function personAt(slug: string, firstName: string): Promise<Person> {
  const tenant = e2e.testApp.registry.findBySlug(slug);
  if (!tenant) throw new Error(`the demo tenant ${slug} is seeded`);
  // English both: the language a client chose follows them in after signing in.
  const client = await createActiveClient(e2e.db.app, asTenantId(tenant.id), {
    first_name: firstName,
    preferred_locale: 'en',
  });
  return { slug, firstName, email: client.email!, password: client.password };
}

const mainText = async (page: Page): Promise<string> => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

async function expectNoViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe found violations at ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

async function cookieNames(context: BrowserContext): Promise<Set<string>> {
  return new Set((await context.cookies()).map((cookie) => cookie.name));
}

/** Clicks a form's button and checks the POST is answered with a redirect to `to`, then loaded. */
async function submit(page: Page, button: string, to: string): Promise<void> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator('main').getByRole('button', { name: button }).click(),
  ]);
  const answer = { status: response.status(), location: response.headers().location };
  expect(answer, `"${button}" posted to ${new URL(response.url()).pathname}`).toEqual({ status: 303, location: to });
  await page.waitForURL(e2e.url(to));
}

/** Signs in through the form, as a person would, and returns the cookies that signing in added. */
async function signIn(page: Page, person: Person): Promise<string[]> {
  await page.goto(`/${person.slug}/sign-in?lang=en`);
  const token = await page.locator('form input[type="hidden"][name="_csrf"]').inputValue();
  expect(token, 'the sign-in form carries a CSRF token').not.toBe('');
  await expectNoViolations(page);
  const before = await cookieNames(page.context());
  await page.getByLabel('E-mail address or login').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await submit(page, 'Sign in', `/${person.slug}/account`);
  expect(await mainText(page)).toContain(`Hello, ${person.firstName}`);
  await expectNoViolations(page);
  return [...(await cookieNames(page.context()))].filter((name) => !before.has(name));
}

async function expectSignedInAs(page: Page, person: Person, other: Person) {
  const response = await page.goto(`/${person.slug}/account`);
  expect(response?.status(), `${person.slug} account page`).toBe(200);
  const text = await mainText(page);
  expect(text).toContain(`Hello, ${person.firstName}`);
  expect(text).not.toContain(other.firstName);
}

async function signOut(page: Page, person: Person): Promise<void> {
  await submit(page, 'Sign out', `/${person.slug}/sign-in?signedOut=1`);
}

async function expectSignedOut(page: Page, person: Person): Promise<void> {
  const response = await page.goto(`/${person.slug}/account`);
  expect(response?.status()).toBe(200);
  expect(new URL(page.url()).pathname, 'sent to the sign-in page').toBe(`/${person.slug}/sign-in`);
  expect(await mainText(page)).not.toContain(person.firstName);
}

e2e.test('signed in at two tenants in one browser context, each keeps its own session', async ({ context, page }) => {
  const A = await personAt('mosir-zielonka', 'Anna');
  const B = await personAt('mesto-lipnik', 'Jana');
  const cookiesOfA = await signIn(page, A);
  const cookiesOfB = await signIn(page, B);
  expect(cookiesOfA, 'signing in at A sets one session cookie').toHaveLength(1);
  expect(cookiesOfB, 'signing in at B sets a session cookie of its own').toHaveLength(1);
  const [cookieA, cookieB] = [cookiesOfA[0]!, cookiesOfB[0]!];
  expect(cookieA).not.toBe(cookieB);

  // Each tenant still shows its own user: signing in at B replaced nothing at A.
  await expectSignedInAs(page, A, B);
  await expectSignedInAs(page, B, A);

  await page.goto(`/${A.slug}/account`);
  await signOut(page, A);
  const names = await cookieNames(context);
  expect(names.has(cookieA), `A's session cookie ${cookieA} is gone`).toBe(false);
  expect(names.has(cookieB), `B's session cookie ${cookieB} is kept`).toBe(true);

  await expectSignedInAs(page, B, A);
  await expectSignedOut(page, A);
});

e2e.test(
  'two tenants in two tabs: a page of one keeps working after the other tab loads',
  async ({ context, page }) => {
    const A = await personAt('mosir-zielonka', 'Anna');
    const B = await personAt('mesto-lipnik', 'Jana');
    const tabA = page;
    const tabB = await context.newPage();
    await signIn(tabA, A);
    await signIn(tabB, B);

    // Tab A shows its account page; then tab B loads a page of B. Tab A's sign-out form must still work.
    await expectSignedInAs(tabA, A, B);
    await expectSignedInAs(tabB, B, A);
    await signOut(tabA, A);

    await tabB.reload();
    expect(await mainText(tabB)).toContain(`Hello, ${B.firstName}`);
    await expectSignedOut(tabA, A);
  },
);
