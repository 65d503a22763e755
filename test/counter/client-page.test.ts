// A client's page at the counter (issue #19) through the real app: what a clerk sees of the
// client (status, masked PESEL, sign-ins, where they are signed in, the mails sent to them
// without their content, a pending registration with the same PESEL), that looking is
// audited, and signing the client out everywhere, in Polish, English and Czech.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createClient, createClientWithPesel } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import { deliverQueuedMail, outboxRows, sealedParamsOf } from '../support/mail.ts';
import { expectSentToSignIn, newAgent, signInAs, signInWith } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const sink = useSmtpSink();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));
const PESEL = '44051401359';

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const clerk = await createActiveStaff(db.current.app, portal.tenant.id, { role: 'clerk' });
  const client = await createClientWithPesel(db.current.app, portal.tenant.id, PESEL, {
    first_name: 'Zofia',
    last_name: 'Wiśniewska',
  });
  return { ...portal, clerk, client, browser: await portal.as(clerk) };
}

const pagePath = (slug: string, id: string, lang = 'en') => `/${slug}/admin/clients/${id}?lang=${lang}`;

describe('a client’s page', () => {
  it('shows the client, their sign-ins, sessions, mails and a pending registration like theirs', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    // A wrong password, then a sign-in: two lines of history and one live session.
    await signInWith(newAgent(app), slug, client.email!, 'not the password');
    clock.advance(60_000);
    await signInAs(newAgent(app), slug, client);
    // A password reset link mailed and delivered.
    await submitForm(newAgent(app), `/${slug}/forgot-password`, { identifier: client.email! });
    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock });
    // Someone registered with the client's PESEL and has not activated.
    await createClientWithPesel(db.current.app, tenant.id, PESEL, {
      first_name: 'Zofia',
      last_name: 'Nowa',
      status: 'pending_activation',
      password_hash: null,
      activated_at: null,
      registration_expires_at: new Date('2026-12-09T09:00:00Z'),
    });

    const response = await browser.get(pagePath(slug, client.id)).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = visibleText(response.text);
    expect(text).toContain('Zofia Wiśniewska');
    expect(text).toContain('Account active');
    expect(text).toContain('born 14 May 1944, PESEL ending …59');
    expect(response.text).not.toContain(PESEL);
    expect(text).toContain('Where the client is signed in');
    expect(text).toContain('1 signed-in browser');
    // Newest first.
    expect(text).toMatch(/Sign-in history.*Result Signed in.*Result Wrong password/s);
    expect(text).toContain('Password reset link');
    expect(text).toContain('delivered to the mail server');
    // The mail's metadata only: the link it carried is nowhere on the page.
    const [mail] = sink.current.messages.filter((message) => message.envelopeTo.includes(client.email!));
    const link = /https?:\/\/\S+reset-password\S*/.exec(mail!.parsed.text ?? '')![0];
    expect(response.text).not.toContain(new URL(link).searchParams.get('token')!);
    expect(text).toMatch(/Registrations waiting for activation .* Nowa Zofia\s?: the same PESEL/);

    // In Polish and Czech too.
    expect(visibleText((await browser.get(pagePath(slug, client.id, 'pl')).expect(200)).text)).toContain(
      'Gdzie klient jest zalogowany',
    );
    expect(visibleText((await browser.get(pagePath(slug, client.id, 'cs')).expect(200)).text)).toContain(
      'Kde je klient přihlášen',
    );
  });

  it('records every look at the client in the audit log', async () => {
    const { slug, tenant, client, clerk, browser } = await setUp();
    await browser.get(pagePath(slug, client.id)).expect(200);
    await browser.get(pagePath(slug, client.id, 'pl')).expect(200);
    const rows = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'client.viewed' }).select('actor_id', 'subject_kind', 'subject_id'),
    );
    expect(rows).toEqual([
      { actor_id: clerk.id, subject_kind: 'client', subject_id: client.id },
      { actor_id: clerk.id, subject_kind: 'client', subject_id: client.id },
    ]);
  });
});

describe('signing a client out everywhere', () => {
  it('ends every session of the client at once and says so', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    const phone = newAgent(app);
    await signInAs(phone, slug, client);
    await phone.get(`/${slug}/account`).expect(200);

    const page = await browser.get(pagePath(slug, client.id)).expect(200);
    const ended = await postForm(browser, formIn(page.text, `/${slug}/admin/clients/${client.id}/sessions/end`));
    expect(ended.status).toBe(303);
    const after = await browser.get(String(ended.headers.location) + '&lang=en').expect(200);
    expect(visibleText(after.text)).toContain('The client has been signed out everywhere.');
    expect(visibleText(after.text)).toContain('The client is not signed in anywhere.');
    expectSentToSignIn(await phone.get(`/${slug}/account`), slug);

    const rows = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'client.sessions_ended' }).select('subject_id', 'changes'),
    );
    expect(rows).toEqual([{ subject_id: client.id, changes: { sessions: [1, 0] } }]);
  });
});

describe('what a clerk changes from the client’s page', () => {
  it('lifts the lock after wrong passwords', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    await withTenant(db.current.app, tenant.id, (trx) =>
      trx('clients')
        .where({ id: client.id })
        .update({
          failed_sign_ins: 10,
          failures_since: clock.now(),
          locked_until: new Date(clock.now().getTime() + 3_600_000),
        }),
    );
    // Locked: the right password is refused as a wrong one would be (the sign-in says nothing more).
    expect((await signInWith(newAgent(app), slug, client.email!, client.password)).status).toBe(401);
    const page = await browser.get(pagePath(slug, client.id)).expect(200);
    const unlocked = await postForm(browser, formIn(page.text, `/${slug}/admin/clients/${client.id}/unlock`));
    expect(unlocked.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=unlocked`);
    const after = visibleText((await browser.get(`${String(unlocked.headers.location)}&lang=en`).expect(200)).text);
    expect(after).toContain('The lock has been lifted: the client can sign in again.');
    expect(after).not.toContain('Lift the lock after wrong passwords');
    await signInAs(newAgent(app), slug, client);
    expect(await auditActions(tenant.id)).toContain('client.unlocked');
  });

  it('deactivates after a confirmation, signing the client out, and reactivates', async () => {
    const { app, slug, tenant, client, browser } = await setUp();
    const phone = newAgent(app);
    await signInAs(phone, slug, client);
    const page = await browser.get(pagePath(slug, client.id)).expect(200);
    expect(visibleText(page.text)).toContain('Deactivate the account');
    const confirmPath = `/${slug}/admin/clients/${client.id}/deactivation`;

    const unconfirmed = await submitForm(browser, `${confirmPath}?lang=en`, {}, { action: confirmPath });
    expect(unconfirmed.status).toBe(422);
    expect(visibleText(unconfirmed.text)).toContain('Tick the box to confirm the deactivation.');
    expect(
      (await withTenant(db.current.app, tenant.id, (trx) => trx('clients').where({ id: client.id }).first())).status,
    ).toBe('active');

    const done = await submitForm(
      browser,
      `${confirmPath}?lang=en`,
      { confirmDeactivate: true },
      { action: confirmPath },
    );
    expect(done.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=deactivated`);
    expect(visibleText((await browser.get(`${String(done.headers.location)}&lang=en`)).text)).toContain(
      'The account has been deactivated and the client signed out everywhere.',
    );
    expectSentToSignIn(await phone.get(`/${slug}/account`), slug);
    expect((await signInWith(newAgent(app), slug, client.email!, client.password)).status).not.toBe(303);

    const deactivated = await browser.get(pagePath(slug, client.id)).expect(200);
    const back = await postForm(browser, formIn(deactivated.text, `/${slug}/admin/clients/${client.id}/reactivation`));
    expect(back.headers.location).toBe(`/${slug}/admin/clients/${client.id}?done=reactivated`);
    await signInAs(newAgent(app), slug, client);
    expect(await auditActions(tenant.id)).toEqual(expect.arrayContaining(['client.deactivated', 'client.reactivated']));
  });
});

function auditActions(tenantId: string): Promise<string[]> {
  return withTenant(db.current.app, tenantId as never, async (trx) =>
    (await trx('audit_log').orderBy('occurred_at').select('action')).map((row: { action: string }) => row.action),
  );
}

describe('an activation link from the counter', () => {
  it('corrects a mistyped address: the old link answers 410, the new one activates', async () => {
    const { app, slug, tenant, browser } = await setUp();
    // A self-registration with a mistyped address, its link mailed there.
    await submitForm(newAgent(app), `/${slug}/register`, {
      firstName: 'Ewa',
      lastName: 'Mazur',
      email: 'ewa.mazur@exmaple.org',
      accept: true,
    });
    const [oldMail] = (await outboxRows(db.current)).filter((row) => row.tenant_id === tenant.id);
    const oldToken = (sealedParamsOf(oldMail!) as { token: string }).token;
    const clientId = oldMail!.user_id!;

    const page = await browser.get(pagePath(slug, clientId)).expect(200);
    expect(visibleText(page.text)).toContain('Correct the e-mail address and send a new activation link');
    const linkPath = `/${slug}/admin/clients/${clientId}/activation-link`;
    const sent = await submitForm(
      browser,
      `${linkPath}?lang=en`,
      { email: 'ewa.mazur@example.org' },
      { action: linkPath },
    );
    expect(sent.headers.location).toBe(`/${slug}/admin/clients/${clientId}?done=linkSent`);

    const mails = (await outboxRows(db.current)).filter(
      (row) => row.tenant_id === tenant.id && row.template === 'activation',
    );
    const newMail = mails.find((row) => row.recipient === 'ewa.mazur@example.org')!;
    const newToken = (sealedParamsOf(newMail) as { token: string }).token;
    expect((await newAgent(app).get(`/${slug}/activate?token=${oldToken}`)).status).toBe(410);
    const activated = await submitForm(
      newAgent(app),
      `/${slug}/activate?token=${newToken}`,
      { password: 'Łąka pod lasem 2026', passwordConfirmation: 'Łąka pod lasem 2026' },
      { action: `/${slug}/activate` },
    );
    expect(activated.status).toBe(303);
    const rows = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'client.activation_link_sent' }).select('changes'),
    );
    expect(rows).toEqual([{ changes: { email: ['ewa.mazur@exmaple.org', 'ewa.mazur@example.org'] } }]);
  });

  it('refuses an address another client has, and an account, with a message', async () => {
    const { slug, tenant, client, browser } = await setUp();
    const counterOnly = await createClient(db.current.app, tenant.id, { email: null });
    const linkPath = (id: string) => `/${slug}/admin/clients/${id}/activation-link`;
    const taken = await submitForm(
      browser,
      `${linkPath(counterOnly.id)}?lang=en`,
      { email: client.email! },
      { action: linkPath(counterOnly.id) },
    );
    expect(taken.status).toBe(422);
    expect(visibleText(taken.text)).toContain('Another client already uses this e-mail address.');
    const account = await submitForm(
      browser,
      `${linkPath(client.id)}?lang=en`,
      { email: 'nowy@example.org' },
      { action: linkPath(client.id) },
    );
    expect(account.status).toBe(409);
    expect(visibleText(account.text)).toContain('This client has an account already');
  });
});
