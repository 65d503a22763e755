// The reset link: it arrives by mail (queued in the request's transaction, sent by a real
// worker through SMTP), leads to the new-password form, works once, for the tenant's minutes,
// only while it is the newest, and only at its own tenant. A refused password changes nothing
// and leaves the link usable.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { headingOne, links, visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { deliverQueuedMail } from '../support/mail.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import {
  askForLink,
  clientRow,
  expectStatus,
  latestResetToken,
  MINUTE,
  newAgent,
  NEW_PASSWORD,
  portal,
  setNewPassword,
  type Portal,
} from './helpers.ts';

const db = useTestDatabase();
const sink = useSmtpSink();

/** Sends what is queued through the SMTP sink and returns the reset links received. */
async function deliveredLinks(p: Portal): Promise<string[]> {
  await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock: p.clock });
  return sink.current.messages.flatMap((mail) =>
    [...(mail.parsed.text ?? '').matchAll(/https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/g)].map((m) => m[0]),
  );
}

const expectLinkProblem = (response: { status: number; text: string }, slug: string) => {
  expectStatus(response, 410);
  expect(headingOne(response.text)).toBe('This link no longer works');
  expect(links(response.text)).toContain(`/${slug}/forgot-password`);
};

describe('the reset link', () => {
  it('comes by mail, leads to the new-password form, and works once', async () => {
    const p = await portal(db.current);
    const client = await createActiveClient(db.current.app, p.tenant.id, { preferred_locale: 'en' });
    expectStatus(await askForLink(p, client.email!), 303);

    const [link] = await deliveredLinks(p);
    expect(link).toBeDefined();
    const mail = sink.current.messages.find((message) => message.envelopeTo.includes(client.email!))!;
    expect(mail.parsed.subject).toBe(`Set a new password: ${p.tenant.input.name}`);
    expect(mail.parsed.text).toContain('The link is valid for 60 minutes and works only once.');
    const url = new URL(link!);
    expect(url.pathname).toBe(`/${p.slug}/reset-password`);
    const token = url.searchParams.get('token')!;

    const page = await newAgent(p.app).get(`${url.pathname}${url.search}&lang=en`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(headingOne(page.text)).toBe('Set a new password');
    expect(visibleText(page.text)).toContain(`Account: ${client.email}.`);
    expect(page.text).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(page.text).toContain(`action="/${p.slug}/reset-password?token=${token}"`);
    expect(page.text).toMatch(/<input id="password" name="password" type="password" autocomplete="new-password"/);
    expect(visibleText(page.text)).toContain('At least 12 characters.');

    const done = expectStatus(await setNewPassword(p, token), 303);
    expect(done.headers.location).toBe(`/${p.slug}/sign-in?reset=1`);
    expect(done.headers['cache-control']).toBe('no-store');
    const signIn = await newAgent(p.app).get(`/${p.slug}/sign-in?reset=1&lang=en`).expect(200);
    expect(signIn.text).toContain(
      '<p class="notice" role="status">Your password has been changed and you have been signed out everywhere.',
    );
    expect((await newAgent(p.app).get(`/${p.slug}/sign-in?lang=en`).expect(200)).text).not.toContain('role="status"');

    // Used: the form is gone, and posting it again (an old tab) changes nothing.
    expectLinkProblem(await newAgent(p.app).get(`/${p.slug}/reset-password?token=${token}&lang=en`), p.slug);
    const hashAfter = (await clientRow(db.current, p.tenant.id, client.id)).password_hash;
    expectLinkProblem(await setNewPassword(p, token, 'całkiem inne hasło 2026'), p.slug);
    expect((await clientRow(db.current, p.tenant.id, client.id)).password_hash).toBe(hashAfter);
  });

  it('expires after the tenant’s minutes: a minute before, it still works', async () => {
    const p = await portal(db.current, { passwordResetMinutes: 30 });
    const early = await createActiveClient(db.current.app, p.tenant.id);
    const late = await createActiveClient(db.current.app, p.tenant.id);
    expectStatus(await askForLink(p, early.email!), 303);
    expectStatus(await askForLink(p, late.email!), 303);
    const earlyToken = await latestResetToken(db.current, p.tenant.id, early.email!);
    const lateToken = await latestResetToken(db.current, p.tenant.id, late.email!);

    p.clock.advance(29 * MINUTE);
    expectStatus(await setNewPassword(p, earlyToken), 303);
    p.clock.advance(1 * MINUTE);
    expectLinkProblem(await newAgent(p.app).get(`/${p.slug}/reset-password?token=${lateToken}&lang=en`), p.slug);
    const before = await clientRow(db.current, p.tenant.id, late.id);
    expectLinkProblem(await setNewPassword(p, lateToken), p.slug);
    expect(await clientRow(db.current, p.tenant.id, late.id)).toEqual(before);
  });

  it('a newer link voids the older one', async () => {
    const p = await portal(db.current);
    const client = await createActiveClient(db.current.app, p.tenant.id);
    expectStatus(await askForLink(p, client.email!), 303);
    const first = await latestResetToken(db.current, p.tenant.id, client.email!);
    // Past the mail's one-a-minute throttle: a held-back mail would leave the older link working.
    p.clock.advance(2 * MINUTE);
    expectStatus(await askForLink(p, client.email!), 303);
    const second = await latestResetToken(db.current, p.tenant.id, client.email!);
    expect(second).not.toBe(first);
    expectLinkProblem(await newAgent(p.app).get(`/${p.slug}/reset-password?token=${first}&lang=en`), p.slug);
    expectLinkProblem(await setNewPassword(p, first), p.slug);
    expectStatus(await setNewPassword(p, second), 303);
  });

  it('another tenant’s link is unknown here', async () => {
    const home = await portal(db.current);
    const other = await portal(db.current);
    const client = await createActiveClient(db.current.app, home.tenant.id);
    expectStatus(await askForLink(home, client.email!), 303);
    const token = await latestResetToken(db.current, home.tenant.id, client.email!);
    expectLinkProblem(
      await newAgent(other.app).get(`/${other.slug}/reset-password?token=${token}&lang=en`),
      other.slug,
    );
    expectLinkProblem(await setNewPassword(other, token), other.slug);
    // Still good at its own tenant.
    expectStatus(await setNewPassword(home, token), 303);
  });

  it('a missing, malformed or made-up token gets the same page', async () => {
    const p = await portal(db.current);
    for (const query of [
      '',
      '?token=',
      '?token=abc',
      `?token=${'A'.repeat(43)}`,
      '?token=%00%0A',
      '?token=a&token=b',
    ]) {
      const response = await newAgent(p.app).get(`/${p.slug}/reset-password${query}`).set('Accept-Language', 'en');
      expectLinkProblem(response, p.slug);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    expectLinkProblem(await setNewPassword(p, 'A'.repeat(43)), p.slug);
  });

  it('refuses a weak or mismatched password with 422, changing nothing and leaving the link usable', async () => {
    const p = await portal(db.current);
    const client = await createActiveClient(db.current.app, p.tenant.id, { first_name: 'Bożena' });
    expectStatus(await askForLink(p, client.email!), 303);
    const token = await latestResetToken(db.current, p.tenant.id, client.email!);
    const before = await clientRow(db.current, p.tenant.id, client.id);

    const short = expectStatus(await setNewPassword(p, token, 'krótkie'), 422);
    expect(short.text).toContain('<a href="#password">Enter a password of at least 12 characters.');
    expect(short.text).not.toContain('krótkie');
    expect(short.text).toContain(`<input type="hidden" name="token" value="${token}">`);
    const mismatch = expectStatus(await setNewPassword(p, token, NEW_PASSWORD, `${NEW_PASSWORD}!`), 422);
    expect(mismatch.text).toContain('<a href="#passwordConfirmation">The passwords do not match.');
    const personal = expectStatus(await setNewPassword(p, token, 'bożena ma nowe hasło'), 422);
    expect(visibleText(personal.text)).toContain('must not contain your name');
    const common = expectStatus(await setNewPassword(p, token, 'password1234'), 422);
    expect(common.text).toContain('<a href="#password">');

    expect(await clientRow(db.current, p.tenant.id, client.id)).toEqual(before);
    const tokens = await withTenant(db.current.app, p.tenant.id, (trx) => trx('account_tokens').select('used_at'));
    expect(tokens).toEqual([{ used_at: null }]);
    expectStatus(await setNewPassword(p, token), 303);
  });
});
