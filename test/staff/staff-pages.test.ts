// The managers' staff pages (issue #18) through the real app: inviting (one mail, sent through
// the SMTP sink, whose link is the invitation's), the address already in use, changing a role,
// the last manager kept, disabling after a confirmation (the member's session ends at once),
// the password and TOTP resets, and every bad input answered with a clear page, never a 500,
// in Polish, English and Czech.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { formIn, postForged, postForm, submitForm } from '../support/forms.ts';
import { deliverQueuedMail, outboxRows, TEST_PUBLIC_URL } from '../support/mail.ts';
import { newAgent } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const sink = useSmtpSink();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  return { ...portal, signedIn: portal.as };
}

const listPath = (slug: string, lang = 'en') => `/${slug}/admin/staff?lang=${lang}`;

describe('the staff list', () => {
  it('shows each member with role, status and TOTP, and a manager’s actions, in pl, en and cs', async () => {
    const { slug, manager, signedIn: as, tenant } = await setUp();
    const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk', enrolled: false });
    const browser = await as(manager);
    const en = visibleText((await browser.get(listPath(slug, 'en')).expect(200)).text);
    expect(en).toContain('Staff');
    expect(en).toContain(clerk.email);
    expect(en).toContain('not linked');
    expect(en).toContain(`Make ${clerk.name} a manager`);
    expect(en).toContain(`Disable the account of ${clerk.name}`);
    const pl = visibleText((await browser.get(listPath(slug, 'pl')).expect(200)).text);
    expect(pl).toContain('Zespół');
    expect(pl).toContain(`Zmień rolę na kierownika: ${clerk.name}`);
    const cs = visibleText((await browser.get(listPath(slug, 'cs')).expect(200)).text);
    expect(cs).toContain('Zaměstnanci');
    expect(cs).toContain('nepropojena');
  });
});

describe('inviting', () => {
  it('creates the member and queues exactly one invitation, whose mailed link opens the invitation', async () => {
    const { app, slug, manager, signedIn: as, tenant } = await setUp();
    const browser = await as(manager);
    const response = await submitForm(
      browser,
      `/${slug}/admin/staff/invite?lang=en`,
      { email: 'new.clerk@example.org', name: 'Anna Nowak', role: 'clerk', locale: 'cs' },
      { action: `/${slug}/admin/staff/invite` },
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/${slug}/admin/staff?done=invited`);
    const list = visibleText((await browser.get(`${response.headers.location}&lang=en`).expect(200)).text);
    expect(list).toContain('The invitation has been sent.');
    expect(list).toContain('Anna Nowak');
    expect(list).toContain('invited, no password yet');

    const rows = (await outboxRows(db.current)).filter((row) => row.tenant_id === tenant.id);
    expect(rows.map((row) => [row.template, row.recipient])).toEqual([['staff-invitation', 'new.clerk@example.org']]);

    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock });
    expect(sink.current.messages).toHaveLength(1);
    const mail = sink.current.messages[0]!;
    expect(mail.envelopeTo).toEqual(['new.clerk@example.org']);
    expect(mail.parsed.subject).toContain('Pozvánka');
    const link = /https:\/\/\S+\/admin\/invitation\?token=[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(link!.startsWith(`${TEST_PUBLIC_URL}/${slug}/admin/invitation?token=`)).toBe(true);
    expect(mail.parsed.html).toContain(`href="${link}"`);
    // The link opens the invitation's page for this member, and its form sets the password.
    const url = new URL(link!);
    const newcomer = newAgent(app);
    const opened = await newcomer.get(`${url.pathname}${url.search}&lang=en`).expect(200);
    expect(visibleText(opened.text)).toContain('new.clerk@example.org');
    const set = await postForm(newcomer, formIn(opened.text, url.pathname), {
      password: 'a long staff passphrase 2026',
      passwordConfirmation: 'a long staff passphrase 2026',
    });
    expect(set.status).toBe(303);
    const after = visibleText((await browser.get(listPath(slug)).expect(200)).text);
    expect(after).not.toContain('invited, no password yet');
  });

  it('says so on the form when the address already belongs to a member, and checks every field', async () => {
    const { slug, manager, signedIn: as, tenant } = await setUp();
    const browser = await as(manager);
    const page = `/${slug}/admin/staff/invite?lang=en`;
    const action = { action: `/${slug}/admin/staff/invite` };
    const taken = await submitForm(browser, page, { email: manager.email.toUpperCase(), role: 'clerk' }, action);
    expect(taken.status).toBe(422);
    expect(visibleText(taken.text)).toContain('This e-mail address already belongs to a member of staff here.');

    const bad = await submitForm(browser, page, { email: 'not-an-address', name: '<a href=x>' }, action);
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Enter an email address like name@example.com.');
    expect(visibleText(bad.text)).toContain('Write the name in letters');
    expect(bad.text).toContain('value="not-an-address"');

    const forged = await postForged(browser, page, `/${slug}/admin/staff/invite?lang=pl`, {
      email: 'x@example.org',
      name: '',
      role: 'director',
      locale: 'de',
    });
    expect(forged.status).toBe(422);
    expect(visibleText(forged.text)).toContain('Wybierz rolę: pracownik obsługi lub kierownik.');
    expect(visibleText(forged.text)).toContain('Wybierz język zaproszenia.');
    expect((await outboxRows(db.current)).filter((row) => row.tenant_id === tenant.id)).toEqual([]);
  });
});

describe('changing a member', () => {
  it('changes a role, and refuses to take away the last manager with a clear message', async () => {
    const { slug, manager, signedIn: as, tenant } = await setUp();
    const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' });
    const browser = await as(manager);
    const list = await browser.get(listPath(slug)).expect(200);

    const promoted = await postForm(browser, formIn(list.text, `/${slug}/admin/staff/${clerk.id}/role`));
    expect(promoted.status).toBe(303);
    expect(promoted.headers.location).toBe(`/${slug}/admin/staff?done=roleChanged`);
    const after = await browser.get(listPath(slug)).expect(200);
    expect(visibleText(after.text)).toContain(`Make ${clerk.name} a clerk`);

    // Two managers now: the clerk-made-manager demotes themselves back, fine; then the last one cannot go.
    const back = await postForm(browser, formIn(after.text, `/${slug}/admin/staff/${clerk.id}/role`));
    expect(back.status).toBe(303);
    const again = await browser.get(listPath(slug)).expect(200);
    const refused = await postForm(browser, formIn(again.text, `/${slug}/admin/staff/${manager.id}/role`), {}, {});
    expect(refused.status).toBe(409);
    expect(visibleText(refused.text)).toContain('You cannot remove the last manager');

    const disablePage = await browser.get(`/${slug}/admin/staff/${manager.id}/disable?lang=pl`).expect(200);
    const lastDisable = await postForm(
      browser,
      formIn(disablePage.text, `/${slug}/admin/staff/${manager.id}/disable`),
      {
        confirmDisable: true,
      },
    );
    expect(lastDisable.status).toBe(409);
    expect(visibleText(lastDisable.text)).toContain('Nie możesz usunąć ostatniego kierownika');
  });

  it('disables a member only once confirmed, and their session ends at once', async () => {
    const { app, slug, manager, signedIn: as, tenant } = await setUp();
    const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' });
    const clerkBrowser = await as(clerk);
    await clerkBrowser.get(`/${slug}/admin/`).expect(200);

    const browser = await as(manager);
    const page = `/${slug}/admin/staff/${clerk.id}/disable?lang=en`;
    const unconfirmed = await submitForm(browser, page, {}, { action: `/${slug}/admin/staff/${clerk.id}/disable` });
    expect(unconfirmed.status).toBe(422);
    expect(visibleText(unconfirmed.text)).toContain('Tick the box to confirm that the account should be disabled.');
    await clerkBrowser.get(`/${slug}/admin/`).expect(200);

    const done = await submitForm(
      browser,
      page,
      { confirmDisable: true },
      { action: `/${slug}/admin/staff/${clerk.id}/disable` },
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/${slug}/admin/staff?done=disabled`);
    // The session itself is over, not only refused for the status: even with the row made
    // active again behind the app's back, the clerk's cookie opens nothing.
    const setStatus = (status: string, disabledAt: Date | null) =>
      withTenant(db.current.owner, asTenantId(tenant.id), (trx) =>
        trx('staff').where({ id: clerk.id }).update({ status, disabled_at: disabledAt }),
      );
    expect(await setStatus('active', null)).toBe(1);
    const refused = await clerkBrowser.get(`/${slug}/admin/`);
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(`/${slug}/admin/sign-in`);
    await setStatus('disabled', new Date());
    // A disabled member has no actions left.
    const list = visibleText((await browser.get(listPath(slug)).expect(200)).text);
    expect(list).toContain('none (account disabled)');
    void app;
  });

  it('mails a password link and resets TOTP, each with its message', async () => {
    const { slug, manager, signedIn: as, tenant } = await setUp();
    const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' });
    const clerkBrowser = await as(clerk);
    const browser = await as(manager);
    const list = await browser.get(listPath(slug)).expect(200);

    const link = await postForm(browser, formIn(list.text, `/${slug}/admin/staff/${clerk.id}/reset-password`));
    expect(link.headers.location).toBe(`/${slug}/admin/staff?done=passwordLinkMailed`);
    const rows = (await outboxRows(db.current)).filter((row) => row.tenant_id === tenant.id);
    expect(rows.map((row) => [row.template, row.recipient])).toEqual([['staff-password-reset', clerk.email]]);
    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock });
    const mailed = sink.current.messages.find((mail) => mail.envelopeTo.includes(clerk.email));
    expect(mailed?.parsed.text).toContain(`${TEST_PUBLIC_URL}/${slug}/admin/password-reset?token=`);

    // A second link within the minute: issued, but the outbox's throttle holds the mail back, and the page says so.
    const again = await postForm(browser, formIn(list.text, `/${slug}/admin/staff/${clerk.id}/reset-password`));
    expect(again.headers.location).toBe(`/${slug}/admin/staff?done=linkNotMailed`);
    const held = visibleText((await browser.get(`${again.headers.location}&lang=en`).expect(200)).text);
    expect(held).toContain('The message was held back: too many messages have gone to this address recently.');

    const totp = await postForm(browser, formIn(list.text, `/${slug}/admin/staff/${clerk.id}/reset-totp`));
    expect(totp.headers.location).toBe(`/${slug}/admin/staff?done=totpReset`);
    const after = visibleText((await browser.get(`${totp.headers.location}&lang=en`).expect(200)).text);
    expect(after).toContain('The authenticator app has been unlinked');
    // Their session went with the second factor.
    expect((await clerkBrowser.get(`/${slug}/admin/`)).status).toBe(303);
  });

  it('answers a malformed id, an unknown one and another tenant’s member with 404, never 500', async () => {
    const { slug, manager, signedIn: as } = await setUp();
    const other = await createTenant(db.current.owner);
    const stranger = await createActiveStaff(db.current.app, other.id, { role: 'clerk' });
    const browser = await as(manager);
    // What each form sends when filled in right: only the id is wrong.
    const fields: Record<string, Record<string, string>> = {
      role: { role: 'manager' },
      disable: { confirmDisable: 'yes' },
      'reset-password': {},
      'reset-totp': {},
    };
    for (const id of [
      'not-a-uuid',
      "1' OR '1'='1",
      '00000000-0000-0000-0000-00000000000g',
      crypto.randomUUID(),
      stranger.id,
    ]) {
      await browser.get(`/${slug}/admin/staff/${encodeURIComponent(id)}/disable`).expect(404);
      for (const [action, fill] of Object.entries(fields)) {
        const target = `/${slug}/admin/staff/${encodeURIComponent(id)}/${action}`;
        const response = await postForged(browser, listPath(slug), target, fill);
        expect([action, id, response.status]).toEqual([action, id, 404]);
      }
    }
    // The other tenant's member is untouched.
    const strangerRow = await withTenant(db.current.owner, asTenantId(other.id), (trx) =>
      trx('staff').where({ id: stranger.id }).first('role', 'status'),
    );
    expect(strangerRow).toEqual({ role: 'clerk', status: 'active' });
  });
});
