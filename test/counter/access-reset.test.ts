// Access given again at the counter, and a closed account reopened (issue #19), through the
// real app. A new start password ends the old password, every session and every open link at
// once, is printed once and must be changed at the first sign-in; a reset link goes to the
// client's address and works; neither is offered where it cannot work; a closed account comes
// back before its data is erased, and not after.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient, createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForged, postForm, submitForm } from '../support/forms.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { expectSentToSignIn, newAgent, signInAs, signInWith } from '../support/sessions.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
// Near the system clock: express-session dates a saved session's cookie by it, and the store
// reads that expiry against this clock (the handover's session save would otherwise look expired).
const clock = controllableClock(new Date());

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const clerk = await createActiveStaff(db.current.app, portal.tenant.id, { role: 'clerk' });
  const client = await createActiveClient(db.current.app, portal.tenant.id, {
    first_name: 'Marek',
    last_name: 'Zieliński',
  });
  return { ...portal, clerk, client, browser: await portal.as(clerk) };
}

const clientRow = (tenantId: string, id: string) =>
  withTenant(db.current.app, tenantId as never, (trx) => trx('clients').where({ id }).first());
const accessPath = (slug: string, id: string) => `/${slug}/admin/clients/${id}/access`;

describe('giving access again', () => {
  it('prints a new start password that ends the old password, the sessions and the links', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    const phone = newAgent(app);
    await signInAs(phone, slug, client);
    // A reset link the client asked for earlier must not outlive what the clerk does now.
    await submitForm(newAgent(app), `/${slug}/forgot-password`, { identifier: client.email! });
    const resetMail = (await outboxRows(db.current)).find(
      (row) => row.template === 'password-reset' && row.recipient === client.email,
    );
    const oldToken = (sealedParamsOf(resetMail!) as { token: string }).token;

    const page = visibleText((await browser.get(`/${slug}/admin/clients/${client.id}?lang=en`)).text);
    expect(page).toContain('Give access again (a new password)');
    const path = accessPath(slug, client.id);
    const given = await submitForm(browser, `${path}?lang=en`, { method: 'startPassword' }, { action: path });
    expect(given.headers.location).toBe(`/${slug}/admin/clients/${client.id}/handover`);
    const sheet = visibleText((await browser.get(`${String(given.headers.location)}?lang=en`).expect(200)).text);
    const login = /Login (\S+)/.exec(sheet)![1]!;
    const password = /Start password (\S+)/.exec(sheet)![1]!;
    // The client had signed in with their e-mail; the sheet gives them a login to type.
    expect(login).toMatch(/^m\.zielinski\.\d{4}$/);

    expectSentToSignIn(await phone.get(`/${slug}/account`), slug);
    expect((await signInWith(newAgent(app), slug, client.email!, client.password)).status).toBe(401);
    expect((await newAgent(app).get(`/${slug}/reset-password?token=${oldToken}`)).status).toBe(410);
    const row = await clientRow(tenant.id, client.id);
    expect([row.status, row.login]).toEqual(['issued', login]);
    expect(JSON.stringify(row)).not.toContain(password);

    const home = newAgent(app);
    const signedIn = await signInWith(home, slug, login, password);
    expect([signedIn.status, signedIn.headers.location]).toEqual([303, `/${slug}/account/password`]);
    // Signed in once, so active, but the clerk sees the start password still stands.
    const after = visibleText((await browser.get(`/${slug}/admin/clients/${client.id}?lang=en`)).text);
    expect(after).toContain('Start password not yet replaced by the client’s own password; it works until');
    const audit = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'client.access_reset' }).select('changes'),
    );
    expect(audit).toEqual([
      { changes: { method: [null, 'startPassword'], status: ['active', 'issued'], login: [null, login] } },
    ]);
  });

  it('sends a reset link to the client’s address, which works, and leaves the password until it is used', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    const path = accessPath(slug, client.id);
    const form = await browser.get(`${path}?lang=en`).expect(200);
    expect(visibleText(form.text)).toContain(`Send a link to set a new password to ${client.email}`);
    const sent = await postForm(browser, formIn(form.text, path), { method: 'link' });
    expect(sent.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=accessLinkSent`);
    expect(visibleText((await browser.get(`${String(sent.headers.location)}&lang=en`)).text)).toContain(
      'A link to set a new password is on its way to the client’s e-mail address.',
    );
    const mail = (await outboxRows(db.current)).find(
      (row) => row.template === 'password-reset' && row.recipient === client.email,
    );
    const token = (sealedParamsOf(mail!) as { token: string }).token;
    await newAgent(app).get(`/${slug}/reset-password?token=${token}`).expect(200);
    await signInAs(newAgent(app), slug, client);
    expect((await clientRow(tenant.id, client.id)).status).toBe('active');
  });

  it('offers no link to a client without an address, and refuses one forged, in the clerk’s language', async () => {
    const { slug, tenant, browser } = await setUp();
    const noEmail = await createActiveClient(db.current.app, tenant.id, { email: null, login: 'bez.adresu' });
    const path = accessPath(slug, noEmail.id);
    const form = formIn((await browser.get(`${path}?lang=pl`).expect(200)).text, path);
    expect(form.fields.filter((field) => field.name === 'method').map((field) => field.value)).toEqual([
      'startPassword',
    ]);
    const forged = await postForged(browser, `${path}?lang=pl`, path, { method: 'link' });
    expect(forged.status).toBe(422);
    expect(visibleText(forged.text)).toContain('Klient nie ma adresu e-mail: wydrukuj hasło startowe.');
    const none = await postForged(browser, `${path}?lang=cs`, path, {});
    expect(visibleText(none.text)).toContain('Zvolte, jak si klient nastaví nové heslo.');
    expect((await clientRow(tenant.id, noEmail.id)).status).toBe('active');
  });

  it('changes nothing for an account that cannot sign in, and is a 404 for another tenant’s', async () => {
    const { slug, tenant, browser } = await setUp();
    const counterOnly = await createClient(db.current.app, tenant.id);
    const path = accessPath(slug, counterOnly.id);
    const refused = await postForged(browser, `${path}?lang=en`, path, { method: 'startPassword' });
    expect(refused.status).toBe(409);
    expect(visibleText(refused.text)).toContain('The account can no longer sign in');
    expect((await clientRow(tenant.id, counterOnly.id)).status).toBe('counter_only');
    const elsewhere = await staffPortal(db.current, clock);
    const stranger = await createActiveClient(db.current.app, elsewhere.tenant.id);
    await browser.get(accessPath(slug, stranger.id)).expect(404);
  });
});

describe('reopening a closed account', () => {
  const close = (tenantId: string, id: string, anonymiseAfter: Date) =>
    withTenant(db.current.app, tenantId as never, (trx) =>
      trx('clients')
        .where({ id })
        .update({ status: 'closing', closed_at: clock.now(), anonymise_after: anonymiseAfter }),
    );

  it('brings the account back before its data is erased', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    await close(tenant.id, client.id, new Date(clock.now().getTime() + 30 * 86_400_000));
    const page = await browser.get(`/${slug}/admin/clients/${client.id}?lang=en`).expect(200);
    const erasedAfter = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Warsaw' }).format(
      new Date(clock.now().getTime() + 30 * 86_400_000),
    );
    expect(visibleText(page.text)).toContain(`Their personal data will be erased after ${erasedAfter}`);
    const reopened = await postForm(browser, formIn(page.text, `/${slug}/admin/clients/${client.id}/reopening`));
    expect(reopened.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=reopened`);
    const row = await clientRow(tenant.id, client.id);
    expect([row.status, row.closed_at, row.anonymise_after]).toEqual(['active', null, null]);
    await signInAs(newAgent(app), slug, client);
    const audit = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'client.reopened' }).select('changes'),
    );
    expect(audit[0].changes.status).toEqual(['closing', 'active']);
  });

  it('does not once the erasure is due', async () => {
    const { slug, tenant, client, browser } = await setUp();
    await close(tenant.id, client.id, new Date(clock.now().getTime() + 86_400_000));
    const page = await browser.get(`/${slug}/admin/clients/${client.id}?lang=en`).expect(200);
    // The page was opened in time; the erasure fell due before the button was pressed.
    await close(tenant.id, client.id, new Date(clock.now().getTime() - 1_000));
    const late = await postForm(browser, formIn(page.text, `/${slug}/admin/clients/${client.id}/reopening`));
    expect(late.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=unchanged`);
    expect((await clientRow(tenant.id, client.id)).status).toBe('closing');
  });
});
