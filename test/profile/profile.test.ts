// The profile page: only for its signed-in owner, the PESEL masked (never whole), and the
// preferred language saved for pages (at once) and mails (read from the account).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { changePasswordVia } from '../support/accounts.ts';
import { newAgent, setCookie, signInWith } from '../support/sessions.ts';
import { headingOne, htmlAttribute, visibleText } from '../http/html.ts';
import { createClientWithPesel } from '../support/clients.ts';
import { postForged, submitForm } from '../support/forms.ts';
import { clientRow, mailsOf, profilePortal, signedIn } from './helpers.ts';

const db = useTestDatabase();
const PESEL = '44051401359';

describe('profile page', () => {
  it('sends a visitor who is not signed in to the sign-in page, and back afterwards', async () => {
    const p = await profilePortal(db.current);
    for (const path of ['/account/profile', '/account/email', '/account/email/sent']) {
      const response = await newAgent(p.app).get(`/${p.slug}${path}`).expect(303);
      expect(response.headers.location).toBe(`/${p.slug}/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it('shows the details with the PESEL masked, never whole, and is kept out of caches', async () => {
    const p = await profilePortal(db.current);
    const client = await createClientWithPesel(db.current.app, p.tenant.id, PESEL, { login: 'anowak' });
    const agent = await signedIn(p, client);
    const page = await agent.get(`/${p.slug}/account/profile`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const text = visibleText(page.text);

    expect(headingOne(page.text)).toBe('Mój profil');
    expect(text).toContain(client.email!);
    expect(text).toContain('anowak');
    expect(text).toContain('ur. 14 maja 1944, PESEL kończący się na …59');
    // Not the number, nor any run of its digits past the two shown.
    expect(page.text).not.toContain(PESEL);
    expect(page.text).not.toMatch(/\d{3}59\b/);
    expect(page.text).not.toContain('0514');
    expect(text).toContain('Konto założone 1 listopada 2026');
    expect(text).toContain('Konto aktywowane 1 listopada 2026');
    expect(text).toContain('Preferowany język Polski');
    expect(text).toContain('zmienia je okienko obsługi po okazaniu dokumentu tożsamości');
  });

  it('says how to get an e-mail address when the account has none', async () => {
    const p = await profilePortal(db.current);
    const login = `bez-maila-${randomBytes(3).toString('hex')}`;
    const client = await createActiveClient(db.current.app, p.tenant.id, { email: null, login });
    const agent = newAgent(p.app);
    expect((await signInWith(agent, p.slug, login, client.password)).status).toBe(303);
    const text = visibleText((await agent.get(`/${p.slug}/account/profile?lang=en`).expect(200)).text);
    expect(text).toContain('E-mail address None. Ask the front desk to add one, or add one yourself');
    expect(text).toContain('Add an e-mail address');
    expect(text).not.toContain('PESEL');
  });

  it('is not shown to a session of another tenant, even with the same browser', async () => {
    // Created first, so the app's tenant registry knows both.
    const other = await createTenant(db.current.owner);
    const p = await profilePortal(db.current);
    const client = await createClientWithPesel(db.current.app, p.tenant.id, PESEL);
    const agent = await signedIn(p, client);
    const response = await agent.get(`/${other.input.slug}/account/profile`).expect(303);
    expect(response.headers.location).toBe(`/${other.input.slug}/sign-in?next=%2Faccount%2Fprofile`);
    const signInPage = await agent.get(`/${other.input.slug}/sign-in`).expect(200);
    expect(signInPage.text).not.toContain(client.email!);
  });

  it('saves the language: the next page is in it, and so is the next mail', async () => {
    const p = await profilePortal(db.current);
    const client = await createClientWithPesel(db.current.app, p.tenant.id, PESEL);
    const agent = await signedIn(p, client);
    const profile = `/${p.slug}/account/profile`;

    const saved = await submitForm(agent, profile, { locale: 'en' }, { action: `${profile}/language` });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${profile}?saved=language`);
    expect(setCookie(saved, 'okienko_lang')).toMatch(/^okienko_lang=en;/);
    expect((await clientRow(db.current, p.tenant.id, client.id)).preferred_locale).toBe('en');

    const page = await agent.get(`${profile}?saved=language`).expect(200);
    expect(page.headers['content-language']).toBe('en');
    expect(htmlAttribute(page.text, 'lang')).toBe('en');
    expect(page.text).toMatch(
      /role="status">The language has been saved\. Pages and e-mails from us will be in English\./,
    );
    expect(page.text).toMatch(/<input id="locale-en" name="locale" type="radio" value="en" checked>/);

    // A mail queued afterwards (the password change notice) is in the saved language.
    expect((await changePasswordVia(agent, p.slug, client.password, 'kolorowy żagiel nad Wisłą')).status).toBe(303);
    const [notice] = await mailsOf(db.current, p.tenant.id, 'password-changed');
    expect(notice).toMatchObject({ recipient: client.email, locale: 'en' });

    // Czech, the same way round.
    expect((await submitForm(agent, profile, { locale: 'cs' }, { action: `${profile}/language` })).status).toBe(303);
    const czech = await agent.get(`${profile}?saved=language`).expect(200);
    expect(htmlAttribute(czech.text, 'lang')).toBe('cs');
    expect(visibleText(czech.text)).toContain('Jazyk je uložen. Stránky a e-maily od nás budou česky.');
  });

  it('refuses a language it does not offer, in the language of the page, and changes nothing', async () => {
    const p = await profilePortal(db.current);
    const client = await createClientWithPesel(db.current.app, p.tenant.id, PESEL);
    const agent = await signedIn(p, client);
    const profile = `/${p.slug}/account/profile`;
    // No browser sends these from the page: its radio buttons offer pl, en and cs, one chosen.
    for (const fields of [{ locale: 'de' }, {}, { locale: 'EN' }] as Record<string, string>[]) {
      const response = await postForged(agent, profile, `${profile}/language`, fields);
      expect(response.status).toBe(422);
      expect(visibleText(response.text)).toContain('Wybierz jeden z języków.');
      expect(response.text).toContain('href="#locale"');
      expect(setCookie(response, 'okienko_lang')).toBeUndefined();
    }
    expect((await clientRow(db.current, p.tenant.id, client.id)).preferred_locale).toBe('pl');
  });

  it('offers the languages as radio buttons named in their own language', async () => {
    const p = await profilePortal(db.current);
    const client = await createClientWithPesel(db.current.app, p.tenant.id, PESEL);
    const agent = await signedIn(p, client);
    const page = (await agent.get(`/${p.slug}/account/profile?lang=en`).expect(200)).text;
    expect(page).toMatch(/<fieldset id="locale"[^>]*>\s*<legend>The language of the pages/);
    for (const [locale, name] of [
      ['pl', 'Polski'],
      ['en', 'English'],
      ['cs', 'Čeština'],
    ]) {
      expect(page).toContain(`<label for="locale-${locale}" lang="${locale}">${name}</label>`);
    }
  });
});
