// A form sent with a mistake: the page comes back (422) with an error summary that a screen
// reader announces and whose links take the keyboard to the fields, with no axe violations in
// either contrast mode. The sign-in form, sent empty, stands for every form.
import { expect } from 'vitest';
import { axeViolations, formatViolations } from './support/axe.ts';
import { focused } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';

const e2e = useBrowserApp({ file: import.meta.url });

for (const contrast of ['normal', 'high'] as const) {
  e2e.test(`an invalid form, ${contrast} contrast: summary, links to the fields, no violations`, async ({ page }) => {
    await page.goto(`/mosir-zielonka/sign-in?lang=en&contrast=${contrast}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.locator('main form').getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState();

    const summary = page.getByRole('alert');
    expect(await summary.innerText()).toContain('There is a problem');
    const links = summary.getByRole('link', { name: 'This field is required.' });
    expect(await links.count()).toBe(2);
    for (const [index, field] of ['identifier', 'password'].entries()) {
      expect(await page.locator(`#${field}`).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${field}-error`).innerText()).toContain('This field is required.');
      await links.nth(index).click();
      expect((await focused(page)).id).toBe(field);
    }
    expect(await page.getByLabel('E-mail address or login').getAttribute('aria-invalid')).toBe('true');

    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
}
