// Rights to premises at the counter (issue #21): a clerk links a client to a premises by its
// code and the client sees it at once; a new owner's right ends the old owner's the day before;
// a right is ended on its last day; each change is audited; what is typed wrong is said by its
// field and changes nothing; another tenant's client is a 404; the panel is on the client's
// page at a tenant that keeps premises only.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import { clock, cooperative } from './housing-support.ts';

const db = useTestDatabase();

async function atTheCounter() {
  const coop = await cooperative(db.current);
  const clerk = await createActiveStaff(db.current.app, coop.tenant.id, { role: 'clerk' });
  const browser = await staffBrowser(db.current.app, coop.app, coop.tenant, clerk, clock);
  const newcomer = await createActiveClient(db.current.app, coop.tenant.id);
  return { ...coop, browser, newcomer };
}

const audited = (tenantId: string, clientId: string) =>
  withTenant(db.current.app, tenantId as never, (trx) =>
    tenantRows(trx, 'audit_log').where({ subject_id: clientId }).whereLike('action', 'housing.%').pluck('action'),
  );

describe('rights to premises at the counter', () => {
  it('link a client to a premises by its code, shown on the client page and to the client at once', async () => {
    const counter = await atTheCounter();
    const clientPage = await counter.browser.get(`/${counter.slug}/admin/clients/${counter.newcomer.id}`).expect(200);
    expect(visibleText(clientPage.text)).toContain('Klient nie ma prawa do żadnego lokalu.');
    const rightsPath = `/${counter.slug}/admin/clients/${counter.newcomer.id}/premises`;
    expect(clientPage.text).toContain(`href="${rightsPath}"`);
    const page = await counter.browser.get(rightsPath).expect(200);
    const linked = await postForm(counter.browser, formIn(page.text, rightsPath), {
      code: counter.piotrsFlat.code,
      kind: 'tenancy',
      validFrom: '2026-12-01',
    });
    expect(linked.status).toBe(303);
    const after = await counter.browser.get(String(linked.headers.location)).expect(200);
    expect(visibleText(after.text)).toContain('Klient został powiązany z lokalem.');
    expect(visibleText(after.text)).toContain('najem');
    expect(await audited(counter.tenant.id, counter.newcomer.id)).toEqual(['housing.right_linked']);
    // Tenancy is no owner change: Piotr keeps his right.
    await counter.piotrBrowser.get(`/${counter.slug}/premises/${counter.piotrsFlat.id}`).expect(200);
  });

  it('end the old owner’s right the day before a new owner’s begins', async () => {
    const counter = await atTheCounter();
    const rightsPath = `/${counter.slug}/admin/clients/${counter.newcomer.id}/premises`;
    const page = await counter.browser.get(rightsPath).expect(200);
    await postForm(counter.browser, formIn(page.text, rightsPath), {
      code: counter.flat.code,
      kind: 'ownership',
      validFrom: '2026-12-01',
    });
    const anna = await counter.annaBrowser.get(`/${counter.slug}/premises/${counter.flat.id}`).expect(200);
    expect(visibleText(anna.text)).toContain('Twoje prawo do lokalu zakończyło się 30 listopada 2026.');
    expect(await audited(counter.tenant.id, counter.anna.id)).toEqual(['housing.right_ended']);
  });

  it('end a right on its last day, once', async () => {
    const counter = await atTheCounter();
    const rightsPath = `/${counter.slug}/admin/clients/${counter.anna.id}/premises`;
    const page = await counter.browser.get(rightsPath).expect(200);
    const right = /action="([^"]+\/end)"/.exec(page.text)![1]!;
    const ended = await postForm(counter.browser, formIn(page.text, right), { lastDay: '2026-12-05' });
    expect(ended.headers.location).toContain('done=ended');
    const shown = await counter.browser.get(rightsPath).expect(200);
    expect(visibleText(shown.text)).toContain('5 grudnia 2026');
    expect(shown.text).not.toContain('/end"');
    // An old tab's form for the right it ended: nothing changes.
    const again = await postForm(counter.browser, formIn(page.text, right), { lastDay: '2026-12-04' });
    expect(again.headers.location).toContain('done=notRunning');
    const anna = await counter.annaBrowser.get(`/${counter.slug}/premises/${counter.flat.id}`).expect(200);
    expect(visibleText(anna.text)).toContain('Twoje prawo do lokalu zakończyło się 5 grudnia 2026.');
  });

  it('refuse a last day before the right began, by the field', async () => {
    const counter = await atTheCounter();
    const rightsPath = `/${counter.slug}/admin/clients/${counter.anna.id}/premises`;
    const page = await counter.browser.get(rightsPath).expect(200);
    const right = /action="([^"]+\/end)"/.exec(page.text)![1]!;
    const refused = await postForm(counter.browser, formIn(page.text, right), { lastDay: '2025-12-31' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('Prawo zaczyna się 1 stycznia 2026');
    expect(await audited(counter.tenant.id, counter.anna.id)).toEqual([]);
  });

  it.each([
    [{ code: 'NO-SUCH-CODE', kind: 'ownership', validFrom: '2026-12-01' }, 'Nie ma lokalu o tym numerze.', 'code'],
    [{ code: '', kind: 'ownership', validFrom: '2026-12-01' }, 'Wpisz numer lokalu.', 'code'],
    [{ code: 'X', validFrom: '2026-12-01' }, 'Wybierz rodzaj prawa.', 'kind'],
    [{ code: 'X', kind: 'tenancy', validFrom: '2026-13-01' }, 'Wpisz dzień jako RRRR-MM-DD', 'validFrom'],
  ])('refuse %o with 422 by the field, changing nothing', async (fill, message, field) => {
    const counter = await atTheCounter();
    const rightsPath = `/${counter.slug}/admin/clients/${counter.newcomer.id}/premises`;
    const page = await counter.browser.get(rightsPath).expect(200);
    const refused = await postForm(counter.browser, formIn(page.text, rightsPath), fill);
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain(message);
    expect(refused.text).toContain(`<li><a href="#${field}">`);
    expect(await audited(counter.tenant.id, counter.newcomer.id)).toEqual([]);
  });

  it('are another tenant’s business: its client is a 404, and a sports centre shows no panel', async () => {
    const counter = await atTheCounter();
    const other = await staffPortal(db.current, clock);
    const manager = await other.as(other.manager);
    await manager.get(`/${other.slug}/admin/clients/${counter.anna.id}/premises`).expect(404);
    const stranger = await createActiveClient(db.current.app, other.tenant.id);
    const page = await manager.get(`/${other.slug}/admin/clients/${stranger.id}`).expect(200);
    expect(page.text).not.toContain('/premises"');
  });
});
