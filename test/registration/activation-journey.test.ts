// Register → the activation mail (queued in the registration's transaction, sent by a real
// worker through SMTP) → its link shows the password form → a good password activates the
// account and uses the link up; used, expired and replaced links get the friendly page.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { findForm, postForged, postForm } from '../support/forms.ts';
import { deliverQueuedMail } from '../support/mail.ts';
import { newAgent } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { headingOne, visibleText } from '../http/html.ts';
import {
  ADULT_PESEL,
  clientByEmail,
  counts,
  expectStatus,
  portal,
  queuedMails,
  register,
  registrationFields,
  submit,
} from './helpers.ts';
import type { Portal } from './helpers.ts';

const db = useTestDatabase();
const MINUTE = 60_000;
const sink = useSmtpSink();

const GOOD_PASSWORD = 'kolorowy żagiel nad Wisłą';

/** Sends what is queued through the SMTP sink and returns the activation links received. */
async function deliveredLinks(p: Portal): Promise<string[]> {
  await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock: p.clock });
  return sink.current.messages.flatMap((mail) =>
    [...(mail.parsed.text ?? '').matchAll(/https?:\/\/\S+\/activate\?token=[A-Za-z0-9_-]+/g)].map((m) => m[0]),
  );
}

const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};

/** Opens the link's set-password form and posts it, as rendered, where the form says (its action). */
async function setPassword(p: Portal, link: string, password = GOOD_PASSWORD, confirmation = password) {
  const agent = newAgent(p.app);
  const fill = { password, passwordConfirmation: confirmation };
  const page = await agent.get(`${pathOf(link)}&lang=en`);
  const form = findForm(page.text, `/${p.slug}/activate`);
  if (form) return postForm(agent, form, fill);
  // A dead link shows no form: post what it had, as an old tab would, with a CSRF token from another form.
  const token = new URL(link).searchParams.get('token') ?? '';
  return postForged(agent, `/${p.slug}/register/resend?lang=en`, `/${p.slug}/activate?token=${token}`, {
    token,
    ...fill,
  });
}

describe('registration and activation', () => {
  it('queues the activation mail with the account; its link leads to the password form and activates the account once', async () => {
    const p = await portal(db.current, { nationalId: 'required' });
    const fields = registrationFields({ pesel: ADULT_PESEL });
    const response = expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    expect(response.headers.location).toBe(`/${p.slug}/register/sent`);
    expect(await queuedMails(db.current, p.tenant.id)).toEqual([
      { template: 'activation', recipient: fields.email, status: 'queued' },
    ]);
    const client = await clientByEmail(db.current, p.tenant.id, fields.email);
    expect(client).toMatchObject({ status: 'pending_activation', password_hash: null });
    expect(client.national_id_index).toBeInstanceOf(Buffer);
    expect((await counts(db.current, p.tenant.id)).consents).toBe(2);

    const sent = await newAgent(p.app).get(`/${p.slug}/register/sent?lang=en`).expect(200);
    expect(headingOne(sent.text)).toBe('Check your mailbox');
    expect(visibleText(sent.text)).toContain('valid for 72 hours');

    const [link] = await deliveredLinks(p);
    expect(link).toBeDefined();
    const page = await newAgent(p.app)
      .get(`${pathOf(link!)}&lang=en`)
      .expect(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(headingOne(page.text)).toBe('Set your password');
    expect(visibleText(page.text)).toContain('Zofia Wiśniewska');
    expect(page.text).toMatch(
      /<input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-rules">/,
    );
    expect(page.text).toContain('name="passwordConfirmation" type="password" autocomplete="new-password"');
    expect(page.text).toContain(
      `<input type="hidden" name="token" value="${new URL(link!).searchParams.get('token')}">`,
    );
    expect(visibleText(page.text)).toContain('At least 12 characters.');

    const done = expectStatus(await setPassword(p, link!), 303);
    expect(done.headers.location).toBe(`/${p.slug}/activate/done`);
    const active = await clientByEmail(db.current, p.tenant.id, fields.email);
    expect(active.status).toBe('active');
    expect(active.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await withTenant(db.current.app, p.tenant.id, (trx) => trx('account_tokens').select('used_at'));
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.used_at).not.toBeNull();
    expect(headingOne((await newAgent(p.app).get(`/${p.slug}/activate/done?lang=en`).expect(200)).text)).toBe(
      'Your account is active',
    );

    // The link again: the friendly page with the way to a new one.
    const again = await newAgent(p.app)
      .get(`${pathOf(link!)}&lang=en`)
      .expect(410);
    expect(headingOne(again.text)).toBe('This link no longer works');
    expect(again.text).toContain(`href="/${p.slug}/register/resend"`);
  });

  it('the "account active" page leads first to signing in, then home', async () => {
    const p = await portal(db.current);
    for (const [lang, signIn] of [
      ['pl', 'Zaloguj się'],
      ['en', 'Sign in'],
      ['cs', 'Přihlásit se'],
    ] as const) {
      const page = await newAgent(p.app).get(`/${p.slug}/activate/done?lang=${lang}`).expect(200);
      const content = page.text.slice(page.text.indexOf('<h1'));
      const [first, second] = [...content.matchAll(/<a\b([^>]*)>([^<]*)<\/a>/g)];
      expect([first![1], visibleText(first![2]!)]).toEqual([` class="button" href="/${p.slug}/sign-in"`, signIn]);
      expect(second![1]).toBe(` href="/${p.slug}/"`);
    }
  });

  it('refuses a weak or mismatched password with 422, never echoing it, and activates nothing', async () => {
    const p = await portal(db.current, { passwordPolicy: 'sports_centre' });
    const fields = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    const [link] = await deliveredLinks(p);
    for (const [password, confirmation, message] of [
      ['short', 'short', 'Enter a password of at least 8 characters.'],
      ['Password123!', 'Password123!', 'This password is too common'],
      ['Zofia-Wisniewska-7', 'Zofia-Wisniewska-7', 'must not contain your name'],
      ['Kolorowy żagiel 7', 'Kolorowy żagiel 8', 'The passwords do not match.'],
    ] as const) {
      const response = expectStatus(await setPassword(p, link!, password, confirmation), 422);
      expect(visibleText(response.text)).toContain(message);
      expect(response.text).not.toContain(password);
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect((await clientByEmail(db.current, p.tenant.id, fields.email)).status).toBe('pending_activation');
    // The re-rendered form keeps the link in its address: switching the language leads back to it.
    const refused = expectStatus(await setPassword(p, link!, 'short'), 422);
    const switchTo = /href="(\?[^"]*lang=pl[^"]*)"/.exec(refused.text)?.[1]?.replaceAll('&amp;', '&');
    expect(switchTo).toContain('token=');
    await newAgent(p.app).get(`/${p.slug}/activate${switchTo}`).expect(200);
    expectStatus(await setPassword(p, link!, 'Kolorowy żagiel 7'), 303);
  });

  it('an expired link gets the friendly page, and so does an unknown one', async () => {
    const p = await portal(db.current, { activationLinkHours: 24 });
    expectStatus(await register(newAgent(p.app), p.slug, registrationFields()), 303);
    const [link] = await deliveredLinks(p);
    p.clock.advance(24 * 60 * 60_000);
    const expired = await newAgent(p.app)
      .get(`${pathOf(link!)}&lang=en`)
      .expect(410);
    expect(headingOne(expired.text)).toBe('This link no longer works');
    expect(visibleText(expired.text)).toContain('valid for 24 hours');
    expectStatus(await setPassword(p, link!), 410);
    await newAgent(p.app)
      .get(`/${p.slug}/activate?token=${'A'.repeat(43)}`)
      .expect(410);
    await newAgent(p.app).get(`/${p.slug}/activate`).expect(410);
  });

  it('"didn’t get the link?" sends a fresh link and voids the old one', async () => {
    const p = await portal(db.current);
    const fields = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    const [first] = await deliveredLinks(p);
    p.clock.advance(2 * 60_000); // past the activation mail's one-a-minute throttle
    const resent = expectStatus(
      await submit(newAgent(p.app), `/${p.slug}/register/resend`, { email: `  ${fields.email.toUpperCase()} ` }),
      303,
    );
    expect(resent.headers.location).toBe(`/${p.slug}/register/resend/sent`);
    const links = await deliveredLinks(p);
    expect(links).toHaveLength(2);
    expect(links[1]).not.toBe(first);
    await newAgent(p.app).get(pathOf(first!)).expect(410);
    await newAgent(p.app).get(pathOf(links[1]!)).expect(200);
  });

  it('a resend the throttle holds back leaves the link already sent working', async () => {
    const p = await portal(db.current);
    const fields = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    const [first] = await deliveredLinks(p);
    // Within the minute: the new mail is dropped, so the old link must not be voided.
    expectStatus(await submit(newAgent(p.app), `/${p.slug}/register/resend`, { email: fields.email }), 303);
    expect(await deliveredLinks(p)).toEqual([first]);
    await newAgent(p.app).get(pathOf(first!)).expect(200);
  });

  it('a PESEL goes to the first registration activated; the other is sent to the front desk', async () => {
    const p = await portal(db.current, { nationalId: 'required' });
    const [first, second] = [registrationFields({ pesel: ADULT_PESEL }), registrationFields({ pesel: ADULT_PESEL })];
    expectStatus(await register(newAgent(p.app), p.slug, first), 303);
    expectStatus(await register(newAgent(p.app), p.slug, second), 303);
    await deliveredLinks(p);
    const linkTo = (email: string) =>
      /https?:\/\/\S+\/activate\?token=[A-Za-z0-9_-]+/.exec(
        sink.current.messages.find((mail) => mail.envelopeTo[0] === email)?.parsed.text ?? '',
      )?.[0];
    const [firstLink, secondLink] = [linkTo(first.email), linkTo(second.email)];
    expectStatus(await setPassword(p, secondLink!), 303);
    const refused = expectStatus(await setPassword(p, firstLink!), 200);
    expect(headingOne(refused.text)).toBe('Please visit the front desk');
    expect((await clientByEmail(db.current, p.tenant.id, first.email)).status).toBe('pending_activation');
    expect((await clientByEmail(db.current, p.tenant.id, second.email)).status).toBe('active');
  });

  it('refuses a password containing the PESEL, which the page never shows', async () => {
    const p = await portal(db.current, { nationalId: 'required', passwordPolicy: 'sports_centre' });
    const fields = registrationFields({ pesel: ADULT_PESEL });
    expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    const [link] = await deliveredLinks(p);
    const form = await newAgent(p.app).get(pathOf(link!)).expect(200);
    expect(form.text).not.toContain(fields.pesel);
    const refused = expectStatus(await setPassword(p, link!, `Kwiat-${fields.pesel}`), 422);
    expect(visibleText(refused.text)).toContain('must not contain your name');
    expect(refused.text).not.toContain(fields.pesel);
  });

  it('a link sent again keeps the registration alive as long as the link', async () => {
    const p = await portal(db.current, { activationLinkHours: 72 });
    const fields = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    p.clock.advance(95 * 60 * MINUTE); // an hour before the registration would be removed
    expectStatus(await submit(newAgent(p.app), `/${p.slug}/register/resend`, { email: fields.email }), 303);
    const links = await deliveredLinks(p);
    const pending = await clientByEmail(db.current, p.tenant.id, fields.email);
    expect(pending.registration_expires_at.getTime()).toBe(p.clock.now().getTime() + (72 + 24) * 60 * MINUTE);
    p.clock.advance(71 * 60 * MINUTE);
    expectStatus(await setPassword(p, links.at(-1)!), 303);
  });

  it('a transaction that fails after queuing the mail leaves neither the account nor the mail', async () => {
    const p = await portal(db.current);
    const admin = new pg.Client({ connectionString: db.current.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
      await admin.query(`CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON mail_outbox
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_at_commit()`);
      expectStatus(await register(newAgent(p.app), p.slug, registrationFields()), 500);
    } finally {
      await admin.query('DROP TRIGGER IF EXISTS fail_at_commit ON mail_outbox');
      await admin.query('DROP FUNCTION IF EXISTS fail_at_commit()');
      await admin.end();
    }
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 0, consents: 0, tokens: 0, mails: 0 });
    // And without the failure, the same registration goes through.
    expectStatus(await register(newAgent(p.app), p.slug, registrationFields()), 303);
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 1, consents: 2, tokens: 1, mails: 1 });
  });
});
