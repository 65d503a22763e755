// The staff's mail problems page (issue #19) through the real app: mails made dead by the real
// worker against an SMTP server that refuses their recipient, listed with the server's answer;
// a dead activation link sent again with a fresh link (the old one then answers 410, the new one
// activates), once however often the button is pressed, held back by the throttle, and refused
// with the reason when what it was for no longer holds; another tenant's mail is a 404.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import {
  deliverQueuedMail,
  loadedRegistry,
  outboxRows,
  queueMailCheck,
  sealedParamsOf,
  testMailWorker,
  testOutbox,
} from '../support/mail.ts';
import { csrfTokenIn, newAgent } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const sink = useSmtpSink();
const clock = controllableClock(new Date('2026-12-10T09:00:00Z'));
const MISTYPED_BOX = 'ewa.mazur@example.org';
const NEW_PASSWORD = 'Łąka pod lasem 2026';

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const clerk = await createActiveStaff(db.current.app, portal.tenant.id, { role: 'clerk' });
  return { ...portal, clerk, browser: await portal.as(clerk) };
}

/** Everything queued goes to the sink through the real worker; a refused recipient's mail dies. */
async function runWorker() {
  const worker = testMailWorker(db.current, {
    smtpUrl: sink.current.url,
    clock,
    registry: await loadedRegistry(db.current),
  });
  const result = await worker.drain();
  await worker.stop();
  return result;
}

/** A self-registration whose activation mail the mail server refuses: its client's id and the dead link. */
async function deadActivation(app: Parameters<typeof newAgent>[0], slug: string, tenantId: string) {
  sink.current.refuse.add(MISTYPED_BOX);
  await submitForm(newAgent(app), `/${slug}/register`, {
    firstName: 'Ewa',
    lastName: 'Mazur',
    email: MISTYPED_BOX,
    accept: true,
  });
  const [queued] = (await outboxRows(db.current)).filter((row) => row.tenant_id === tenantId);
  const oldToken = (sealedParamsOf(queued!) as { token: string }).token;
  expect(await runWorker()).toMatchObject({ dead: 1 });
  return { mailId: queued!.id, clientId: queued!.user_id!, oldToken };
}

const listPath = (slug: string, query = 'lang=en') => `/${slug}/admin/mail-problems?${query}`;
const resendPath = (slug: string, id: string) => `/${slug}/admin/mail-problems/${id}/resend`;

function activationRows(tenantId: string) {
  return outboxRows(db.current).then((rows) =>
    rows.filter((row) => row.tenant_id === tenantId && row.template === 'activation'),
  );
}

describe('the mail problems page', () => {
  it('lists a dead mail with the server’s answer and the client, and sends it again with a fresh link', async () => {
    const { app, slug, tenant, clerk, browser } = await setUp();
    const dead = await deadActivation(app, slug, tenant.id);

    const dashboard = await browser.get(`/${slug}/admin/?lang=en`).expect(200);
    expect(visibleText(dashboard.text)).toContain('Mail problems: mails that could not be delivered');
    const page = await browser.get(listPath(slug)).expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('Account activation link');
    expect(text).toContain(MISTYPED_BOX);
    expect(text).toContain('given up after 1 attempt');
    expect(text).toContain('550 5.1.1 No such user here');
    expect(page.text).toContain(`href="/${slug}/admin/clients/${dead.clientId}"`);
    expect(page.text).not.toContain(dead.oldToken);

    // The mailbox exists now (it was full, or the client has set it up). Within the minute of
    // the first mail the throttle holds the new one back, and nothing changes.
    sink.current.refuse.clear();
    const held = await postForm(browser, formIn(page.text, resendPath(slug, dead.mailId)));
    expect(held.headers.location).toBe(`/${slug}/admin/mail-problems?done=throttled&wait=1`);
    expect(visibleText((await browser.get(`${String(held.headers.location)}&lang=en`)).text)).toContain(
      'Too many mails of this kind have gone to this address lately. Nothing was sent; try again in 1 minute.',
    );
    expect(await activationRows(tenant.id)).toHaveLength(1);

    clock.advance(61_000);
    const form = formIn(page.text, resendPath(slug, dead.mailId));
    // A double click: two presses, one mail.
    const [first, second] = await Promise.all([postForm(browser, form), postForm(browser, form)]);
    expect([first.headers.location, second.headers.location].sort()).toEqual([
      `/${slug}/admin/mail-problems?done=alreadyResent`,
      `/${slug}/admin/mail-problems?done=resent`,
    ]);
    expect(await activationRows(tenant.id)).toHaveLength(2);
    const after = visibleText((await browser.get(listPath(slug, 'done=resent&lang=en'))).text);
    expect(after).toContain('The mail has been queued again.');
    expect(after).toContain('Sent again: waiting to be delivered.');

    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock });
    const [mail] = sink.current.messages.filter((message) => message.envelopeTo.includes(MISTYPED_BOX));
    const link = new URL(/https?:\/\/\S+activate\S*/.exec(mail!.parsed.text ?? '')![0]);
    const newToken = link.searchParams.get('token')!;
    expect(newToken).not.toBe(dead.oldToken);
    expect((await newAgent(app).get(`/${slug}/activate?token=${dead.oldToken}`)).status).toBe(410);
    const activated = await submitForm(
      newAgent(app),
      `/${slug}/activate?token=${newToken}`,
      { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
      { action: `/${slug}/activate` },
    );
    expect(activated.status).toBe(303);

    const audit = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'mail.resent' }).select('actor_id', 'subject_kind', 'subject_id'),
    );
    expect(audit).toEqual([{ actor_id: clerk.id, subject_kind: 'mail', subject_id: dead.mailId }]);
  });

  it('does not send again a link whose cause no longer holds, and says why', async () => {
    const { app, slug, tenant, browser } = await setUp();
    const dead = await deadActivation(app, slug, tenant.id);
    clock.advance(61_000);
    // The client activated by other means (here the undelivered link itself, as a clerk might
    // have read it out): the account is active, a new link would activate nothing.
    await submitForm(
      newAgent(app),
      `/${slug}/activate?token=${dead.oldToken}`,
      { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
      { action: `/${slug}/activate` },
    );
    const page = await browser.get(listPath(slug)).expect(200);
    const refused = await postForm(browser, formIn(page.text, resendPath(slug, dead.mailId)));
    expect(refused.headers.location).toBe(`/${slug}/admin/mail-problems?done=accountActive`);
    for (const [lang, words] of [
      ['en', 'Not sent: the account has been activated since'],
      ['pl', 'Nie wysłano: konto zostało już aktywowane'],
      ['cs', 'Neodesláno: účet byl mezitím aktivován'],
    ] as const) {
      const shown = await browser.get(`${String(refused.headers.location)}&lang=${lang}`);
      expect(visibleText(shown.text)).toContain(words);
    }
    expect(await activationRows(tenant.id)).toHaveLength(1);
  });

  it('refuses a reset link for a client who has signed in since, and a notice of the past', async () => {
    const { app, slug, tenant, browser } = await setUp();
    const client = await createActiveClient(db.current.app, tenant.id);
    sink.current.refuse.add(client.email!.toLowerCase());
    await submitForm(newAgent(app), `/${slug}/forgot-password`, { identifier: client.email! });
    await queueMailCheck(db.current.app, testOutbox(clock), tenant.id, { to: client.email! });
    expect(await runWorker()).toMatchObject({ dead: 2 });
    clock.advance(61_000);
    await submitForm(newAgent(app), `/${slug}/sign-in`, { identifier: client.email!, password: client.password });

    const page = await browser.get(listPath(slug)).expect(200);
    const [reset, check] = ['password-reset', 'mail-check'].map((template) => outboxRowsOf(template, tenant.id));
    const refused = await postForm(browser, formIn(page.text, resendPath(slug, (await reset)!.id)));
    expect(refused.headers.location).toBe(`/${slug}/admin/mail-problems?done=signedInSince`);
    // A notice has no button: the page says it is not sent again, and a forged post is refused.
    expect(visibleText(page.text)).toContain('This kind of mail is not sent again.');
    const forged = await browser
      .post(resendPath(slug, (await check)!.id))
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text) });
    expect(forged.headers.location).toBe(`/${slug}/admin/mail-problems?done=notResendable`);
  });

  it('filters by state, pages by keyset, and says what is wrong with a filter', async () => {
    const { slug, tenant, browser } = await setUp();
    await insertDeadMails(tenant.id, 52);
    const first = await browser.get(listPath(slug, 'state=dead&lang=en')).expect(200);
    const older = /href="([^"]+)" rel="next"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
    expect(older).toContain('state=dead');
    const second = await browser.get(`${older}&lang=en`).expect(200);
    const addresses = (html: string) => [...html.matchAll(/dead(\d+)@example\.test/g)].map((match) => match[1]);
    expect(new Set([...addresses(first.text), ...addresses(second.text)]).size).toBe(52);
    expect(second.text).not.toContain('rel="next"');
    expect(visibleText((await browser.get(listPath(slug, 'state=failing&lang=en'))).text)).toContain(
      'No mail has failed.',
    );

    const wrong = await browser.get(listPath(slug, 'state=lost&lang=pl'));
    expect(wrong.status).toBe(422);
    expect(visibleText(wrong.text)).toContain('Wybierz z listy, które wiadomości pokazać.');
    const damaged = await browser.get(listPath(slug, 'after=nonsense&lang=cs'));
    expect(damaged.status).toBe(422);
    expect(visibleText(damaged.text)).toContain('Odkaz na starší zprávy je poškozený.');
    // No field holds the cursor: the summary's link leads to the newest mails.
    expect(damaged.text).toContain(`<li><a href="/${slug}/admin/mail-problems">Odkaz na starší zprávy`);
  });

  it('never shows or sends another tenant’s mail', async () => {
    const { slug, browser } = await setUp();
    const other = await staffPortal(db.current, clock);
    const [foreign] = await insertDeadMails(other.tenant.id, 1);
    const page = await browser.get(listPath(slug)).expect(200);
    expect(page.text).not.toContain('dead0@example.test');
    const response = await browser
      .post(resendPath(slug, foreign!))
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text) });
    expect(response.status).toBe(404);
  });
});

async function outboxRowsOf(template: string, tenantId: string) {
  return (await outboxRows(db.current)).find((row) => row.tenant_id === tenantId && row.template === template);
}

/** Dead activation mails written straight into the outbox, for the pages: not for resending. */
async function insertDeadMails(tenantId: string, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    idempotency_key: `test-dead:${randomUUID()}`,
    recipient: `dead${index}@example.test`,
    template: 'activation',
    locale: 'pl',
    status: 'dead',
    attempts: 1,
    last_error: 'EENVELOPE 550 5.1.1 No such user here',
    created_at: new Date(clock.now().getTime() - index * 1_000),
    next_attempt_at: clock.now(),
    finished_at: clock.now(),
  }));
  await withTenant(db.current.app, tenantId as never, (trx) => trx('mail_outbox').insert(rows));
  return rows.map((row) => row.id);
}
