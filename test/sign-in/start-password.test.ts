// Start passwords (source 002): the counter issues a login and a start password; the first
// sign-in with it completes activation and allows nothing but choosing an own password,
// which may not be the start password; unused for 7 days, it stops working.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { changePasswordVia } from '../support/accounts.ts';
import { postForged, submitForm } from '../support/forms.ts';
import { expectSentToSignIn, newAgent, signInWith } from '../support/sessions.ts';
import { visibleText } from '../http/html.ts';
import { MINUTE, signInPortal, type SignInPortal } from './helpers.ts';

const db = useTestDatabase();
const DAY = 24 * 60 * MINUTE;
const START_PASSWORD = 'Start-7741-kwiecien';

async function issuedAccount(portal: SignInPortal, overrides: Record<string, unknown> = {}) {
  return createActiveClient(db.current.app, portal.tenant.id, {
    password: START_PASSWORD,
    status: 'issued',
    email: null,
    login: `m.zielinska.${Math.random().toString(36).slice(2, 8)}`,
    activated_at: null,
    start_password_expires_at: new Date(portal.clock.now().getTime() + 7 * DAY),
    ...overrides,
  });
}

const stored = (portal: SignInPortal, id: string) =>
  withTenant(db.current.app, portal.tenant.id, (trx) =>
    trx('clients').where({ id }).first('status', 'activated_at', 'start_password_expires_at', 'password_hash'),
  );

async function loginOf(portal: SignInPortal, id: string): Promise<string> {
  return (await withTenant(db.current.app, portal.tenant.id, (trx) => trx('clients').where({ id }).first('login')))
    .login;
}

describe('a start password', () => {
  it('completes activation at the first sign-in and then allows only choosing a password', async () => {
    const portal = await signInPortal(db.current);
    const client = await issuedAccount(portal);
    const agent = newAgent(portal.app);
    const signedIn = await signInWith(agent, portal.slug, await loginOf(portal, client.id), START_PASSWORD);
    expect(signedIn.headers.location).toBe(`/${portal.slug}/account/password`);
    const row = await stored(portal, client.id);
    expect(row.status).toBe('active');
    expect(row.activated_at).toEqual(portal.clock.now());

    for (const path of [
      '/',
      '/account',
      '/account/profile',
      '/account/security',
      '/account/data',
      '/privacy',
      '/accessibility',
      '/regulations',
      '/register',
      '/sign-in',
      '/forgot-password',
      '/no-such-page',
    ]) {
      const response = await agent.get(`/${portal.slug}${path}`);
      expect([path, response.status, response.headers.location]).toEqual([
        path,
        303,
        `/${portal.slug}/account/password`,
      ]);
    }
    // A form elsewhere does nothing either.
    const page = await agent.get(`/${portal.slug}/account/password`).expect(200);
    for (const path of ['/account/profile/language', '/account/close', '/account/security/sign-out-others']) {
      const form = `/${portal.slug}/account/password`;
      const response = await postForged(agent, form, `/${portal.slug}${path}`, { locale: 'en' });
      expect([path, response.status, response.headers.location]).toEqual([
        path,
        303,
        `/${portal.slug}/account/password`,
      ]);
    }
    expect((await stored(portal, client.id)).status).toBe('active');
    // No current password is asked for: they have just typed it.
    expect(page.text).not.toContain('name="currentPassword"');
  });

  it('may not be kept as the new password', async () => {
    const portal = await signInPortal(db.current);
    const client = await issuedAccount(portal, { preferred_locale: 'en' });
    const agent = newAgent(portal.app);
    await signInWith(agent, portal.slug, await loginOf(portal, client.id), START_PASSWORD, { 'Accept-Language': 'en' });
    const refused = await changePasswordVia(agent, portal.slug, undefined, START_PASSWORD);
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('The new password must be different from the start password.');
    expect((await stored(portal, client.id)).start_password_expires_at).not.toBeNull();

    const changed = await changePasswordVia(agent, portal.slug, undefined, 'Moje-Wlasne-Haslo-2026');
    expect(changed.status).toBe(303);
    expect((await stored(portal, client.id)).start_password_expires_at).toBeNull();
    await agent.get(`/${portal.slug}/account`).expect(200);
    // The start password no longer opens the account; the new one does.
    const login = await loginOf(portal, client.id);
    expect((await signInWith(newAgent(portal.app), portal.slug, login, START_PASSWORD)).status).toBe(401);
    expect((await signInWith(newAgent(portal.app), portal.slug, login, 'Moje-Wlasne-Haslo-2026')).status).toBe(303);
  });

  it('kept anyway, is refused as the start password even when it contains the login', async () => {
    // As the counter issues them (seeds/demo-clients.ts): the login's number in the start password.
    const portal = await signInPortal(db.current);
    const login = `sm-1042-${Math.random().toString(36).slice(2, 8)}`;
    const startPassword = 'Start-Sloneczna-1042';
    const client = await issuedAccount(portal, { login, password: startPassword });
    const agent = newAgent(portal.app);
    expect((await signInWith(agent, portal.slug, login, startPassword)).status).toBe(303);
    for (const [lang, message, personal] of [
      ['pl', 'Nowe hasło musi być inne niż hasło startowe.', 'nie może zawierać'],
      ['en', 'The new password must be different from the start password.', 'must not contain'],
      ['cs', 'Nové heslo se musí lišit od počátečního hesla.', 'nesmí obsahovat'],
    ] as const) {
      const page = `/${portal.slug}/account/password`;
      const fill = { password: startPassword, passwordConfirmation: startPassword };
      const refused = await submitForm(agent, `${page}?lang=${lang}`, fill, { action: page });
      expect(refused.status).toBe(422);
      const summary = visibleText(/<div class="error-summary"[\s\S]*?<\/div>/.exec(refused.text)![0]);
      expect(summary).toContain(message);
      expect(summary).not.toContain(personal);
    }
    expect((await stored(portal, client.id)).start_password_expires_at).not.toBeNull();
  });

  it('once changed, says a confirmation was e-mailed only when one was queued', async () => {
    const portal = await signInPortal(db.current);
    // Source 002: the counter may send the login to an address, or hand it over on paper.
    for (const email of [null, `halina.${Math.random().toString(36).slice(2, 8)}@example.test`]) {
      const client = await issuedAccount(portal, { email, preferred_locale: 'en' });
      const agent = newAgent(portal.app);
      expect((await signInWith(agent, portal.slug, await loginOf(portal, client.id), START_PASSWORD)).status).toBe(303);
      const changed = await changePasswordVia(agent, portal.slug, undefined, 'Moje-Wlasne-Haslo-2026');
      expect(changed.status).toBe(303);
      const page = await agent.get(String(changed.headers.location)).set('Accept-Language', 'en').expect(200);
      const notice = visibleText(/<p class="notice" role="status">[\s\S]*?<\/p>/.exec(page.text)![0]);
      const notices = await withTenant(db.current.app, portal.tenant.id, (trx) =>
        trx('mail_outbox').where({ user_id: client.id }).select('template', 'recipient', 'status'),
      );
      if (email === null) {
        expect(notice).toBe('Your password has been changed. You have been signed out everywhere else.');
        expect(notices).toEqual([]);
      } else {
        expect(notice).toBe(
          'Your password has been changed. You have been signed out everywhere else, and we have sent a confirmation by e-mail.',
        );
        expect(notices).toEqual([{ template: 'password-changed', recipient: email, status: 'queued' }]);
      }
    }
  });

  it('stops working 7 days after it was issued', async () => {
    const portal = await signInPortal(db.current);
    const client = await issuedAccount(portal);
    const login = await loginOf(portal, client.id);
    portal.clock.advance(7 * DAY - MINUTE);
    const early = newAgent(portal.app);
    expect((await signInWith(early, portal.slug, login, START_PASSWORD)).status).toBe(303);
    portal.clock.advance(MINUTE);
    const late = await signInWith(newAgent(portal.app), portal.slug, login, START_PASSWORD);
    expect(late.status).toBe(403);
    expect(late.text).toContain('Hasło startowe wygasło');
    // And the session signed in a minute earlier cannot change it now either.
    expect((await changePasswordVia(early, portal.slug, undefined, 'Moje-Wlasne-Haslo-2026')).status).toBe(403);
    // A wrong password gets the usual answer: only the holder learns it expired.
    expect((await signInWith(newAgent(portal.app), portal.slug, login, 'guess')).status).toBe(401);
  });

  it('can be signed out of without changing it', async () => {
    const portal = await signInPortal(db.current);
    const client = await issuedAccount(portal);
    const agent = newAgent(portal.app);
    await signInWith(agent, portal.slug, await loginOf(portal, client.id), START_PASSWORD);
    const signedOut = await submitForm(
      agent,
      `/${portal.slug}/account/password`,
      {},
      { action: `/${portal.slug}/sign-out` },
    );
    expect(signedOut.status).toBe(303);
    expectSentToSignIn(await agent.get(`/${portal.slug}/account/password`), portal.slug);
  });
});
