// The portal's own terms (/{slug}/regulations) as a visitor reads them: each bulleted list
// holds the sentences of the terms, in the page's language, with the tenant's name filled in.
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';

const db = useTestDatabase();
const SECTIONS = ['services', 'requirements', 'account', 'rules'] as const;

let app: Express;
let polish: CreatedTenant;
let czech: CreatedTenant;

beforeAll(async () => {
  polish = await createTenant(db.current.owner);
  czech = await createTenant(db.current.owner, {
    name: 'Městský úřad Horní Lhota',
    kind: 'city_office',
    defaultLocale: 'cs',
    timeZone: 'Europe/Prague',
  });
  ({ app } = await createTestApp(db.current));
});

/** The visible text of each <li> in one section of the page. */
function listItems(html: string, section: string): string[] {
  const body = new RegExp(`<section aria-labelledby="${section}-heading">([\\s\\S]*?)</section>`).exec(html)?.[1];
  if (body === undefined) throw new Error(`no ${section} section`);
  return [...body.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => visibleText(match[1]!));
}

/** The first item of the services list, the same for every tenant. */
const FIRST_SERVICE = {
  pl: 'Konto klienta: rejestracja, aktywacja linkiem wysłanym e-mailem i ustawienie hasła.',
  en: 'A client account: registering, activating it with the link sent by e-mail, and setting a password.',
  cs: 'Klientský účet: registrace, aktivace odkazem zaslaným e-mailem a nastavení hesla.',
};

describe.each(['pl', 'en', 'cs'] as const)('the terms in %s', (lang) => {
  it.each([
    ['a Polish tenant', () => polish],
    ['a Czech tenant', () => czech],
  ])('list whole sentences at %s, a handful per section', async (_label, tenant) => {
    const { input } = tenant();
    const html = (await request(app).get(`/${input.slug}/regulations?lang=${lang}`).expect(200)).text;
    expect(html).toContain(`<html lang="${lang}"`);
    for (const section of SECTIONS) {
      const items = listItems(html, section);
      expect(items.length, section).toBeGreaterThanOrEqual(2);
      expect(items.length, section).toBeLessThanOrEqual(6);
      for (const item of items) {
        expect(item.length, item).toBeGreaterThan(40);
        expect(item, section).toMatch(/^\p{Lu}.*\.$/u);
        expect(item).not.toContain('{{');
      }
    }
    const services = listItems(html, 'services');
    expect(services[0]).toBe(FIRST_SERVICE[lang]);
    expect(services.filter((item) => item.includes(input.name))).toHaveLength(2);
  });
});
