// Language and display preferences: ?lang, ?text and ?contrast switch them with plain links
// and are remembered in cookies; nothing else is ever written by a GET.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { cookieHeader, headingOne, htmlAttribute, setCookie, setCookies, visibleText } from './html.ts';

const db = useTestDatabase();

let polish: CreatedTenant;
let czech: CreatedTenant;
let testApp: TestApp;

beforeAll(async () => {
  polish = await createTenant(db.current.owner);
  czech = await createTenant(db.current.owner, { defaultLocale: 'cs', timeZone: 'Europe/Prague' });
  testApp = await createTestApp(db.current);
});

const home = (tenant: CreatedTenant, query = ''): string => `/${tenant.input.slug}/${query}`;

/** The Services heading is a reliable marker of the page language. */
const SERVICES = { pl: 'Usługi', en: 'Services', cs: 'Služby' } as const;
function languageOf(html: string): string | undefined {
  const text = visibleText(html);
  const lang = htmlAttribute(html, 'lang');
  const marker = Object.entries(SERVICES).find(([, word]) => text.includes(word))?.[0];
  return lang === marker ? lang : `lang="${lang}" but the text reads as ${marker}`;
}

describe('the language', () => {
  it('follows ?lang=en and remembers it in a cookie the next request sends back', async () => {
    const first = await request(testApp.app).get(home(polish, '?lang=en')).expect(200);
    expect(languageOf(first.text)).toBe('en');
    expect(first.headers['content-language']).toBe('en');
    const cookie = setCookie(first, 'okienko_lang');
    expect(cookie).toMatch(/^okienko_lang=en;/);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Max-Age=\d{7,}/);

    const next = await request(testApp.app).get(home(polish)).set('Cookie', cookieHeader(first)).expect(200);
    expect(languageOf(next.text)).toBe('en');
    expect(setCookies(next)).toEqual([]);
  });

  it('marks the cookie Secure in production', async () => {
    const production = await createTestApp(db.current, { env: 'production' });
    const response = await request(production.app).get(home(polish, '?lang=cs')).expect(200);
    expect(setCookie(response, 'okienko_lang')).toMatch(/; Secure/);
  });

  it('prefers the cookie to Accept-Language', async () => {
    const response = await request(testApp.app)
      .get(home(polish))
      .set('Cookie', 'okienko_lang=cs')
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .expect(200);
    expect(languageOf(response.text)).toBe('cs');
  });

  it('prefers Accept-Language to the organisation default', async () => {
    const response = await request(testApp.app).get(home(polish)).set('Accept-Language', 'cs-CZ').expect(200);
    expect(languageOf(response.text)).toBe('cs');
    const unsupported = await request(testApp.app).get(home(czech)).set('Accept-Language', 'de-DE,fr;q=0.8');
    expect(languageOf(unsupported.text)).toBe('cs');
  });

  it('falls back to the organisation default: Czech for a Czech organisation, Polish for a Polish one', async () => {
    const cs = await request(testApp.app).get(home(czech)).expect(200);
    expect(languageOf(cs.text)).toBe('cs');
    expect(cs.headers['content-language']).toBe('cs');
    const pl = await request(testApp.app).get(home(polish)).expect(200);
    expect(languageOf(pl.text)).toBe('pl');
  });

  it('ignores a language it does not offer, or garbage, and sets no cookie for it', async () => {
    for (const lang of ['de', 'EN', '../../etc/passwd', '', 'en%00']) {
      const response = await request(testApp.app)
        .get(home(czech, `?lang=${lang}`))
        .expect(200);
      expect(languageOf(response.text), lang).toBe('cs');
      expect(setCookies(response), lang).toEqual([]);
    }
    const badCookie = await request(testApp.app).get(home(czech)).set('Cookie', 'okienko_lang=de').expect(200);
    expect(languageOf(badCookie.text)).toBe('cs');
  });

  it('offers a switch to each language, in that language, the current one marked, other settings kept', async () => {
    const response = await request(testApp.app).get(home(polish, '?text=2&lang=en')).expect(200);
    const switches = [...response.text.matchAll(/<a href="([^"]*)" lang="(\w+)" hreflang="\w+"([^>]*)>([^<]*)<\/a>/g)];
    const byLang = Object.fromEntries(
      switches.map(([, href, lang, rest, label]) => [
        lang,
        { href, current: /aria-current="true"/.test(rest!), label },
      ]),
    );
    expect(Object.keys(byLang).sort()).toEqual(['cs', 'en', 'pl']);
    expect(byLang.pl).toEqual({ href: '?text=2&amp;lang=pl', current: false, label: 'Polski' });
    expect(byLang.en).toEqual({ href: '?text=2&amp;lang=en', current: true, label: 'English' });
    expect(byLang.cs).toEqual({ href: '?text=2&amp;lang=cs', current: false, label: 'Čeština' });
  });
});

describe('display preferences', () => {
  it('?text=3 enlarges the text and remembers it', async () => {
    const first = await request(testApp.app).get(home(polish, '?text=3')).expect(200);
    expect(htmlAttribute(first.text, 'class')).toBe('text-3');
    const cookie = setCookie(first, 'okienko_text');
    expect(cookie).toMatch(/^okienko_text=3;.*; Path=\/.*; HttpOnly.*; SameSite=Lax/);
    const next = await request(testApp.app).get('/').set('Cookie', cookieHeader(first)).expect(200);
    expect(htmlAttribute(next.text, 'class')).toBe('text-3');
  });

  it('?contrast=high switches to high contrast, remembered until ?contrast=normal', async () => {
    const high = await request(testApp.app).get(home(czech, '?contrast=high')).expect(200);
    expect(htmlAttribute(high.text, 'class')).toBe('text-1 contrast-high');
    expect(setCookie(high, 'okienko_contrast')).toMatch(/^okienko_contrast=high;.*; HttpOnly.*; SameSite=Lax/);
    expect(visibleText(high.text)).toContain('Běžný kontrast');

    const kept = await request(testApp.app).get(home(czech)).set('Cookie', cookieHeader(high)).expect(200);
    expect(htmlAttribute(kept.text, 'class')).toBe('text-1 contrast-high');
    const normal = await request(testApp.app)
      .get(home(czech, '?contrast=normal'))
      .set('Cookie', cookieHeader(high))
      .expect(200);
    expect(htmlAttribute(normal.text, 'class')).toBe('text-1');
    expect(setCookie(normal, 'okienko_contrast')).toMatch(/^okienko_contrast=normal;/);
  });

  it('ignores invalid values in the query and in cookies', async () => {
    const response = await request(testApp.app)
      .get(home(polish, '?text=9&contrast=ultra'))
      .set('Cookie', 'okienko_text=7; okienko_contrast=%3Cscript%3E')
      .expect(200);
    expect(htmlAttribute(response.text, 'class')).toBe('text-1');
    expect(setCookies(response)).toEqual([]);
    expect(response.text).not.toContain('<script>');
  });
});

describe('a GET without preferences in the query', () => {
  it('writes nothing: no cookie on any page, and none beyond the asked-for preferences otherwise', async () => {
    for (const path of ['/', home(polish), home(czech), `/${polish.input.slug}/brand.css`, '/nowhere', '/healthz']) {
      const response = await request(testApp.app).get(path);
      expect(setCookies(response), path).toEqual([]);
    }
    const all = await request(testApp.app).get(home(polish, '?lang=en&text=2&contrast=high')).expect(200);
    expect(
      setCookies(all)
        .map((line) => line.split('=')[0])
        .sort(),
    ).toEqual(['okienko_contrast', 'okienko_lang', 'okienko_text']);
    expect(headingOne(all.text)).toBe(polish.input.name);
  });

  it('tells caches that the page depends on the language headers', async () => {
    const response = await request(testApp.app).get(home(polish)).expect(200);
    expect(response.headers.vary).toMatch(/Accept-Language/i);
    expect(response.headers.vary).toMatch(/Cookie/i);
  });
});
