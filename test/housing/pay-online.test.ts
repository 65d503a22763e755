// Paying a premises' fees online (issue #21): the overview leads a right holder to Pay for each
// fund with something to pay; the money core's Pay takes the premises' account for whoever holds
// a right to it today (the housing feature's AccountPayer), and the provider's notification
// credits it; another resident, or one whose right has ended, gets a 404 and makes no intent.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { postForged } from '../support/forms.ts';
import { balanceOf, payOnline } from '../payments/payments-support.ts';
import { cooperative, formerResident } from './housing-support.ts';

const db = useTestDatabase();

async function payingAnna() {
  const coop = await cooperative(db.current);
  const account = coop.flat.accounts.maintenance;
  const portal = { ...coop, client: coop.anna, account, browser: coop.annaBrowser };
  return { coop, portal };
}

const intents = (tenantId: string) =>
  withTenant(db.current.app, tenantId as never, (trx) => tenantRows(trx, 'payment_intents').pluck('account_id'));

describe('paying a premises online', () => {
  it('runs from the overview through the provider, and the fund shows what was paid', async () => {
    const { coop, portal } = await payingAnna();
    const overview = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200);
    const payPath = `/${coop.slug}/account/payments/new?account=${portal.account.id}`;
    expect(overview.text).toContain(`href="${payPath}"`);
    expect(visibleText(overview.text)).toContain('Zapłać online: Opłaty eksploatacyjne');
    const due = await coop.annaBrowser.get(payPath).expect(200);
    expect(visibleText(due.text)).toContain('Zapłać 582,88 zł');
    await payOnline(db.current, portal);
    expect(await balanceOf(db.current, portal)).toBe(0);
    const after = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200);
    expect(visibleText(after.text)).toContain('Opłaty eksploatacyjne: 0,00 zł rozliczone');
    expect(after.text).not.toContain(`href="${payPath}"`);
  });

  it('is refused to another resident and to one whose right has ended, making no intent', async () => {
    const { coop, portal } = await payingAnna();
    const formerBrowser = await formerResident(db.current, coop);
    for (const browser of [coop.piotrBrowser, formerBrowser]) {
      await browser.get(`/${coop.slug}/account/payments/new?account=${portal.account.id}`).expect(404);
      const forged = await postForged(browser, `/${coop.slug}/account`, `/${coop.slug}/account/payments`, {
        account: portal.account.id,
        key: 'a-forged-pay-form-key-0001',
      });
      expect(forged.status).toBe(404);
    }
    const formerOverview = await formerBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200);
    expect(formerOverview.text).not.toContain('/account/payments/new');
    expect(await intents(coop.tenant.id)).toEqual([]);
  });
});
