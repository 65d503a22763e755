// Signing in as a client would: by e-mail or login in any letter case, back to the page asked
// for (never to another site), in the language chosen in the profile; and what the owner of
// the right password learns about an account that cannot be used.
import argon2 from 'argon2';
import { DAY, fromNow } from '../support/clock.ts';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient, createClient, TEST_PASSWORD } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { postForged, submitForm } from '../support/forms.ts';
import { newAgent, signInWith } from '../support/sessions.ts';
import { linkTexts, links } from '../http/html.ts';
import { attempt, signInPortal, verificationsSoFar, withoutCsrf } from './helpers.ts';

const db = useTestDatabase();

describe('signing in', () => {
  it('accepts the e-mail address or the login in any letter case', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id, { login: 'Jan.Kowalski-7' });
    expect((await attempt(portal, client.email!.toUpperCase(), client.password)).status).toBe(303);
    expect((await attempt(portal, 'jan.kowalski-7', client.password)).status).toBe(303);
    expect((await attempt(portal, ` ${client.email!} `, client.password)).status).toBe(303);
    // The password is taken exactly as typed.
    expect((await attempt(portal, client.email!, ` ${client.password}`)).status).toBe(401);
  });

  it('returns to the page asked for, and never to another site', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    const agent = newAgent(portal.app);
    const asked = await agent.get(`/${portal.slug}/account/password`).expect(303);
    expect(asked.headers.location).toBe(`/${portal.slug}/sign-in?next=%2Faccount%2Fpassword`);
    // The hidden field as a forged link or a tampered form would send it, whatever the page made of it.
    const post = (next: string) =>
      postForged(agent, `/${portal.slug}/sign-in?next=${encodeURIComponent(next)}`, `/${portal.slug}/sign-in`, {
        identifier: client.email!,
        password: client.password,
        next,
      });
    expect((await post('/account/password')).headers.location).toBe(`/${portal.slug}/account/password`);
    for (const hostile of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/account?x=1']) {
      expect((await post(hostile)).headers.location).toBe(`/${portal.slug}/account`);
    }
  });

  it('shows pages in the language of the profile after signing in', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id, { preferred_locale: 'cs' });
    const agent = newAgent(portal.app);
    await signInWith(agent, portal.slug, client.email!, client.password);
    const page = await agent.get(`/${portal.slug}/account`).expect(200);
    expect(page.headers['content-language']).toBe('cs');
  });

  it('refuses accounts without a usable password with the same answer as a wrong password', async () => {
    const portal = await signInPortal(db.current);
    const wrong = await attempt(portal, 'nobody@example.test', 'whatever-it-is');
    for (const status of ['pending_activation', 'counter_only']) {
      const client = await createClient(db.current.app, portal.tenant.id, {
        status,
        ...(status === 'pending_activation' ? { registration_expires_at: fromNow(portal.clock, 7 * DAY) } : {}),
      });
      const response = await attempt(portal, client.email!, 'whatever-it-is');
      expect(response.status).toBe(401);
      expect(withoutCsrf(response.text).replace(client.email!, 'nobody@example.test')).toBe(withoutCsrf(wrong.text));
    }
  });

  it('tells only the holder of the right password that the account is closed or blocked', async () => {
    const portal = await signInPortal(db.current);
    const closed = await createActiveClient(db.current.app, portal.tenant.id, {
      status: 'closing',
      closed_at: fromNow(portal.clock, -3 * DAY),
    });
    const blocked = await createActiveClient(db.current.app, portal.tenant.id, { status: 'deactivated' });
    expect((await attempt(portal, closed.email!, 'a-wrong-guess')).status).toBe(401);
    const closedAnswer = await attempt(portal, closed.email!, closed.password);
    expect(closedAnswer.status).toBe(403);
    expect(closedAnswer.text).toContain('This account is closed');
    const cookies = ([] as string[]).concat(closedAnswer.headers['set-cookie'] ?? []);
    expect(cookies.some((cookie) => cookie.startsWith('okienko.session.'))).toBe(false);
    const blockedAnswer = await attempt(portal, blocked.email!, blocked.password);
    expect(blockedAnswer.status).toBe(403);
    expect(blockedAnswer.text).toContain('cannot be used online');
  });

  it('re-hashes a password stored with older parameters when its owner signs in', async () => {
    const portal = await signInPortal(db.current);
    const weak = await argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1 });
    const client = await createActiveClient(db.current.app, portal.tenant.id, { password_hash: weak });
    expect((await attempt(portal, client.email!, TEST_PASSWORD)).status).toBe(303);
    const stored = await withTenant(db.current.app, portal.tenant.id, (trx) =>
      trx('clients').where({ id: client.id }).first('password_hash'),
    );
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await attempt(portal, client.email!, TEST_PASSWORD)).status).toBe(303);
  });

  it('offers a new activation link where the tenant offers registration, and not elsewhere', async () => {
    const open = await signInPortal(db.current, { selfRegistration: true });
    const closed = await signInPortal(db.current, { selfRegistration: false });
    for (const [lang, text] of [
      ['pl', 'Link aktywacyjny nie dotarł?'],
      ['en', "Didn't get the activation link?"],
      ['cs', 'Nedostali jste aktivační odkaz?'],
    ] as const) {
      const page = await newAgent(open.app).get(`/${open.slug}/sign-in?lang=${lang}`).expect(200);
      expect(linkTexts(page.text, `/${open.slug}/register/resend`)).toEqual([text]);
      const without = await newAgent(closed.app).get(`/${closed.slug}/sign-in?lang=${lang}`).expect(200);
      expect(links(without.text).filter((href) => href.includes('/register'))).toEqual([]);
    }
  });

  it('refuses an empty form with 422 in the visitor language, counting nothing', async () => {
    const portal = await signInPortal(db.current);
    const agent = newAgent(portal.app);
    const response = await submitForm(
      agent,
      `/${portal.slug}/sign-in?lang=pl`,
      {},
      { action: `/${portal.slug}/sign-in` },
    );
    expect(response.status).toBe(422);
    expect(response.text).toContain('href="#identifier"');
    expect(response.text).toContain('lang="pl"');
  });
});

describe('what could never be an identifier or a password', () => {
  it('is refused with 422 before any look-up: control characters, over-long passwords', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    const before = await verificationsSoFar();
    for (const [identifier, password] of [
      ['a\u0000b@example.test', 'x'],
      ['jan\u0000kowalski', 'x'],
      [client.email!, 'ż'.repeat(600)],
      ['nobody@example.test', 'ż'.repeat(600)],
    ] as const) {
      const response = await attempt(portal, identifier, password);
      expect(response.status).toBe(422);
    }
    expect(await verificationsSoFar()).toBe(before);
  });
});

describe('an unknown identifier', () => {
  it('is counted like an account: after the limit it is not verified either', async () => {
    const portal = await signInPortal(db.current);
    const before = await verificationsSoFar();
    for (let i = 0; i < 15; i += 1)
      expect((await attempt(portal, 'ghost@example.test', `guess-${i}`)).status).toBe(401);
    expect((await verificationsSoFar()) - before).toBe(10);
  });
});
