// The staff's premises pages (issue #21): found by code from the dashboard at a tenant that keeps
// premises; a premises' accounts with balances, fees and rights; a manager posts a charge by hand
// (audited, the balance moves), a clerk may look but not post; bad input is said by its field and
// changes nothing; another tenant's premises is a 404.
import { describe, expect, it } from 'vitest';
import { balanceAsOf } from '../../src/features/money/index.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import { clock, cooperative } from './housing-support.ts';

const db = useTestDatabase();

async function desk() {
  const coop = await cooperative(db.current);
  const manager = await createActiveStaff(db.current.app, coop.tenant.id, { role: 'manager' });
  const clerk = await createActiveStaff(db.current.app, coop.tenant.id, { role: 'clerk' });
  return {
    ...coop,
    manager: await staffBrowser(db.current.app, coop.app, coop.tenant, manager, clock),
    clerk: await staffBrowser(db.current.app, coop.app, coop.tenant, clerk, clock),
  };
}

describe('the staff’s premises pages', () => {
  it('find a premises by code and show its accounts, fees and rights', async () => {
    const coop = await desk();
    const dashboard = await coop.clerk.get(`/${coop.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="/${coop.slug}/admin/premises"`);
    const list = await coop.clerk
      .get(`/${coop.slug}/admin/premises?code=${encodeURIComponent(coop.flat.code)}`)
      .expect(200);
    expect(list.text).toContain(`href="/${coop.slug}/admin/premises/${coop.flat.id}"`);
    expect(list.text).not.toContain(coop.piotrsFlat.id);
    const page = visibleText((await coop.clerk.get(`/${coop.slug}/admin/premises/${coop.flat.id}`).expect(200)).text);
    expect(page).toMatch(/Opłaty eksploatacyjne ?: 582,88 zł do zapłaty/);
    expect(page).toContain('Eksploatacja (Opłaty eksploatacyjne): 180,44 zł');
    expect(page).toContain('spółdzielcze prawo do lokalu, od 1 stycznia 2026');
    expect(page).not.toContain('Naliczenie ręczne');
  });

  it('let a manager post a charge by hand, audited, and refuse bad input by its field', async () => {
    const coop = await desk();
    const path = `/${coop.slug}/admin/premises/${coop.flat.id}`;
    const action = `${path}/charges`;
    const form = formIn((await coop.manager.get(path).expect(200)).text, action);
    const refused = await postForm(coop.manager, form, {
      fund: 'maintenance',
      title: 'Naprawa domofonu',
      amount: '12,345',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<li><a href="#amount">');
    const posted = await postForm(coop.manager, form, {
      fund: 'repair_fund',
      title: 'Naprawa domofonu',
      amount: '150,00',
      bookedOn: '2026-12-11',
      dueOn: '2026-12-31',
    });
    expect(posted.headers.location).toBe(`${path}?done=charged`);
    const { balance, audited } = await withTenant(db.current.app, coop.tenant.id, async (trx) => ({
      balance: await balanceAsOf(trx, coop.flat.accounts.repair_fund.id, '2026-12-31'),
      audited: await tenantRows(trx, 'audit_log').where({ action: 'money.charge_posted' }).count({ n: '*' }).first(),
    }));
    expect(balance).toBe(10_000 + 15_000);
    expect(Number(audited!.n)).toBe(1);
    // A clerk may look, not post.
    await coop.clerk
      .post(action)
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec((await coop.clerk.get(path)).text)![1]!, fund: 'maintenance' })
      .expect(403);
  });

  it('are a 404 for another tenant’s premises, and not on a sports centre’s dashboard', async () => {
    const coop = await desk();
    const other = await staffPortal(db.current, clock);
    const manager = await other.as(other.manager);
    await manager.get(`/${other.slug}/admin/premises/${coop.flat.id}`).expect(404);
    const dashboard = await manager.get(`/${other.slug}/admin/`).expect(200);
    expect(dashboard.text).not.toContain('/admin/premises"');
  });
});
