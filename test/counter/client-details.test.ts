// Correcting a client's details at the counter (issue #19) through the real app: names, phone
// and language saved and audited with what changed; a form filled before another clerk saved
// is answered 409 with both versions and the clerk's typing kept, and nothing is lost; a
// phone number finds the client in the search, with or without its country code; bad input is
// refused in the clerk's language, changing nothing.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const clerk = await createActiveStaff(db.current.app, portal.tenant.id, { role: 'clerk' });
  const client = await createClient(db.current.app, portal.tenant.id, { first_name: 'Jan', last_name: 'Kowalsky' });
  return { ...portal, client, first: await portal.as(clerk), second: await portal.as(portal.manager) };
}

const clientRow = (tenantId: string, id: string) =>
  withTenant(db.current.app, tenantId as never, (trx) => trx('clients').where({ id }).first());

const detailsPath = (slug: string, id: string) => `/${slug}/admin/clients/${id}/details`;

describe('correcting a client’s details', () => {
  it('saves the names, phone and language, shows them, and audits only what changed', async () => {
    const { slug, tenant, client, first } = await setUp();
    const path = detailsPath(slug, client.id);
    const saved = await submitForm(
      first,
      `${path}?lang=en`,
      { lastName: 'Kowalski', phone: '+48 601-234-567', locale: 'cs' },
      { action: path },
    );
    expect(saved.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=edited`);
    const page = visibleText((await first.get(`${String(saved.headers.location)}&lang=en`).expect(200)).text);
    expect(page).toContain('The client’s details have been saved.');
    expect(page).toContain('Jan Kowalski');
    expect(page).toContain('Phone number +48601234567');
    expect(page).toContain('Language of pages and mails Czech');
    const row = await clientRow(tenant.id, client.id);
    expect([row.last_name, row.phone, row.preferred_locale]).toEqual(['Kowalski', '+48601234567', 'cs']);
    const audit = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'client.edited' }).select('subject_id', 'changes'),
    );
    expect(audit).toEqual([
      {
        subject_id: client.id,
        changes: {
          last_name: ['Kowalsky', 'Kowalski'],
          // The audit log masks long digit runs (a PESEL must never land there), a phone's too.
          phone: [null, '+[digits masked]'],
          preferred_locale: ['pl', 'cs'],
        },
      },
    ]);

    // The same form sent again changes nothing and says so.
    const again = await submitForm(first, `${path}?lang=en`, {}, { action: path });
    expect(again.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=unchanged`);
  });

  it('answers a form filled before another clerk saved with 409 and both versions, losing nothing', async () => {
    const { slug, tenant, client, first, second } = await setUp();
    const path = detailsPath(slug, client.id);
    // Both clerks open the form; the manager saves first.
    const firstForm = formIn((await first.get(`${path}?lang=en`).expect(200)).text, path);
    await submitForm(second, `${path}?lang=en`, { lastName: 'Kowalski' }, { action: path });

    const clash = await postForm(first, firstForm, { lastName: 'Kowalska', phone: '601 234 567' });
    expect(clash.status).toBe(409);
    const text = visibleText(clash.text);
    expect(text).toContain('Someone else has changed these details meanwhile');
    expect(text).toContain('Last name Saved meanwhile Kowalski Yours Kowalska');
    expect(text).toContain('Phone number Saved meanwhile none Yours 601234567');
    // Nothing of either is lost: the manager's is saved, the clerk's is still in the form.
    expect((await clientRow(tenant.id, client.id)).last_name).toBe('Kowalski');
    const kept = formIn(clash.text, path);
    expect(kept.fields.find((field) => field.name === 'lastName')?.value).toBe('Kowalska');

    // Saving it now is a decision made seeing the other version: it replaces it.
    const replaced = await postForm(first, kept);
    expect(replaced.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=edited`);
    const row = await clientRow(tenant.id, client.id);
    expect([row.last_name, row.phone]).toEqual(['Kowalska', '601234567']);
  });

  it('refuses a phone number or a name that is not one, in the clerk’s language, changing nothing', async () => {
    const { slug, tenant, client, first } = await setUp();
    const path = detailsPath(slug, client.id);
    const cases = [
      ['en', { phone: '12 34' }, 'Enter a phone number of 9 to 15 digits, e.g. 601 234 567.'],
      ['pl', { phone: 'tel. 601 234 567' }, 'Wpisz numer telefonu od 9 do 15 cyfr, np. 601 234 567.'],
      ['cs', { phone: '+420 777 123 45x' }, 'Zadejte telefonní číslo o 9 až 15 číslicích, např. 777 123 456.'],
      ['en', { firstName: '' }, 'This field is required.'],
    ] as const;
    for (const [lang, fill, message] of cases) {
      const refused = await submitForm(first, `${path}?lang=${lang}`, fill, { action: path });
      expect([lang, refused.status]).toEqual([lang, 422]);
      expect(visibleText(refused.text)).toContain(message);
    }
    const row = await clientRow(tenant.id, client.id);
    expect([row.first_name, row.phone]).toEqual(['Jan', null]);
  });

  it('finds the client by their phone number, with or without the country code', async () => {
    const { slug, client, first } = await setUp();
    const path = detailsPath(slug, client.id);
    await submitForm(first, `${path}?lang=en`, { phone: '0048 601 234 567' }, { action: path });
    for (const query of ['601 234 567', '+48601234567', '601-234-567']) {
      const found = await submitForm(first, `/${slug}/admin/clients?lang=en`, { q: query });
      expect([query, visibleText(found.text)]).toEqual([query, expect.stringContaining('Kowalsky Jan')]);
    }
    const other = await submitForm(first, `/${slug}/admin/clients?lang=en`, { q: '601 234 568' });
    expect(visibleText(other.text)).not.toContain('Kowalsky');
  });

  it('is a 404 for another tenant’s client and for an id that is none', async () => {
    const { slug, first } = await setUp();
    const elsewhere = await staffPortal(db.current, clock);
    const stranger = await createClient(db.current.app, elsewhere.tenant.id);
    await first.get(detailsPath(slug, stranger.id)).expect(404);
    await first.get(detailsPath(slug, 'not-an-id')).expect(404);
  });
});
