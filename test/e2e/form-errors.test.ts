// A form sent with a mistake: the page comes back (422) with an error summary that a screen
// reader announces and whose link takes the keyboard to the field, with no axe violations in
// either contrast mode.
import { expect } from 'vitest';
import { axeViolations, formatViolations } from './support/axe.ts';
import { focused } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';

const e2e = useBrowserApp({ file: import.meta.url, app: { testRoutes: true } });

for (const contrast of ['normal', 'high'] as const) {
  e2e.test(`an invalid form, ${contrast} contrast: summary, link to the field, no violations`, async ({ page }) => {
    await page.goto(`/mosir-zielonka/_test/sign-in?lang=en&contrast=${contrast}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState();

    const summary = page.getByRole('alert');
    expect(await summary.innerText()).toContain('There is a problem');
    const field = page.getByLabel('Full name');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#name-error').innerText()).toContain('This field is required.');

    await summary.getByRole('link', { name: 'This field is required.' }).click();
    expect((await focused(page)).id).toBe('name');

    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
}
