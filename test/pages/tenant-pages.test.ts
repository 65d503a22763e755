// A tenant's accessibility statement and privacy notice: each names that tenant and only that
// tenant, in every language, with the law, authorities and settings of its own country.
import path from 'node:path';
import ejs from 'ejs';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { viewsDir } from '../../src/platform/http/views.ts';
import { formatters } from '../../src/platform/i18n/format.ts';
import { createI18n, translator } from '../../src/platform/i18n/i18n.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, frontDeskInput, type CreatedTenant } from '../support/factories.ts';

const db = useTestDatabase();
const LANGUAGES = ['pl', 'en', 'cs'] as const;
type Lang = (typeof LANGUAGES)[number];

let app: Express;
let sports: CreatedTenant; // Polish, PESEL required
let transport: CreatedTenant; // Polish, PESEL optional
let housing: CreatedTenant; // Polish housing cooperative, no PESEL, accounts deleted at once
let city: CreatedTenant; // Czech city office
let all: CreatedTenant[];

beforeAll(async () => {
  const owner = db.current.owner;
  sports = await createTenant(
    owner,
    { kind: 'sports_centre', settings: { nationalId: 'required', closedAccountRetentionDays: 45 } },
    [frontDeskInput({ name: 'Kasa przy basenie', street: 'ul. Wodna 3' })],
  );
  transport = await createTenant(
    owner,
    { kind: 'transport_operator', settings: { nationalId: 'optional', keepClosedAccountData: true } },
    [],
  );
  housing = await createTenant(owner, {
    kind: 'housing_cooperative',
    settings: { nationalId: 'none', closedAccountRetentionDays: 0 },
  });
  city = await createTenant(
    owner,
    {
      name: 'Městský úřad Horní Lhota',
      kind: 'city_office',
      defaultLocale: 'cs',
      timeZone: 'Europe/Prague',
      contact: {
        address: { street: 'Náměstí Míru 1', postalCode: '123 45', city: 'Horní Lhota' },
        phone: '+420 555 123 456',
        email: 'podatelna@horni-lhota.example.cz',
        dataProtectionOfficerEmail: 'poverenec@horni-lhota.example.cz',
      },
      settings: { nationalId: 'none', closedAccountRetentionDays: 1 },
    },
    [frontDeskInput({ name: 'Kontaktní centrum', street: 'Náměstí Míru 2', city: 'Horní Lhota' })],
  );
  all = [sports, transport, housing, city];
  ({ app } = await createTestApp(db.current));
});

async function page(tenant: CreatedTenant, path: 'accessibility' | 'privacy', lang: Lang): Promise<string> {
  const response = await request(app).get(`/${tenant.input.slug}/${path}?lang=${lang}`).expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  return response.text;
}

/** What a visitor reads: the <main> element's text, tags removed and entities decoded. */
function mainText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
// Elements that may not sit inside <p> (the parser would close the paragraph before them).
const BLOCK = new Set([
  'address',
  'div',
  'dl',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ol',
  'p',
  'section',
  'table',
  'ul',
]);

/** Structural mistakes in a page: unbalanced tags, blocks inside <p>, duplicate ids, skipped heading levels. */
function structuralProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  for (const match of html.matchAll(/<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/gi)) {
    const [, closing, rawName] = match;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (VOID.has(name)) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      if (BLOCK.has(name) && stack.includes('p')) problems.push(`<${name}> inside <p>`);
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);

  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!);
  for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) problems.push(`duplicate id ${id}`);
  for (const [, target] of html.matchAll(/aria-labelledby="([^"]+)"/g)) {
    if (!ids.includes(target!)) problems.push(`aria-labelledby points at missing #${target}`);
  }

  const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
  if (levels.filter((level) => level === 1).length !== 1) problems.push(`${levels.filter((l) => l === 1).length} h1`);
  levels.forEach((level, index) => {
    if (index > 0 && level > levels[index - 1]! + 1) problems.push(`h${levels[index - 1]} followed by h${level}`);
  });
  for (const [, lang] of html.matchAll(/\slang="([^"]*)"/g)) {
    if (!['pl', 'en', 'cs'].includes(lang!)) problems.push(`lang="${lang}"`);
  }
  return problems;
}

/** Everything that identifies a tenant on a page. */
const identity = (tenant: CreatedTenant): string[] => [
  tenant.input.name,
  tenant.input.contact.email,
  tenant.input.contact.dataProtectionOfficerEmail,
];

describe.each(LANGUAGES)('in %s', (lang) => {
  describe.each(['accessibility', 'privacy'] as const)('the %s page', (path) => {
    it('is well-formed, in the requested language, with no untranslated keys', async () => {
      for (const tenant of all) {
        const html = await page(tenant, path, lang);
        expect(html).toMatch(new RegExp(`<html lang="${lang}"`));
        expect(structuralProblems(html)).toEqual([]);
        const text = mainText(html);
        expect(text).not.toMatch(/\b(pages|common):|\b(accessibility|privacy|authority|labels)\.[a-z]/);
        expect(text).not.toContain('TODO');
        expect(text).not.toContain('{{');
      }
    });

    it("names the tenant and its contact e-mail, and never another tenant's details", async () => {
      for (const tenant of all) {
        const text = mainText(await page(tenant, path, lang));
        expect(text).toContain(tenant.input.name);
        expect(text).toContain(tenant.input.contact.email);
        for (const other of all.filter((candidate) => candidate !== tenant)) {
          for (const detail of identity(other)) expect(text).not.toContain(detail);
        }
      }
    });
  });

  describe('the privacy notice', () => {
    it("gives the data protection officer's e-mail and the controller's address", async () => {
      for (const tenant of all) {
        const text = mainText(await page(tenant, 'privacy', lang));
        expect(text).toContain(tenant.input.contact.dataProtectionOfficerEmail);
        expect(text).toContain(tenant.input.contact.address.street);
      }
    });

    it('names UODO for a Polish tenant and ÚOOÚ for a Czech one', async () => {
      for (const tenant of [sports, transport, housing]) {
        const text = mainText(await page(tenant, 'privacy', lang));
        expect(text).toContain('UODO');
        expect(text).toContain('Prezes Urzędu Ochrony Danych Osobowych');
        expect(text).not.toContain('ÚOOÚ');
      }
      const czech = mainText(await page(city, 'privacy', lang));
      expect(czech).toContain('ÚOOÚ');
      expect(czech).toContain('Úřad pro ochranu osobních údajů');
      expect(czech).not.toContain('UODO');
    });

    it('mentions PESEL only where the tenant asks for it', async () => {
      expect(mainText(await page(sports, 'privacy', lang))).toContain('PESEL');
      expect(mainText(await page(transport, 'privacy', lang))).toContain('PESEL');
      expect(mainText(await page(housing, 'privacy', lang))).not.toContain('PESEL');
      expect(mainText(await page(city, 'privacy', lang))).not.toContain('PESEL');
    });

    it("states the tenant's retention period after an account is closed", async () => {
      const expected: Record<Lang, [string, string, string]> = {
        pl: ['w ciągu 45 dni', 'niezwłocznie', 'w ciągu 1 dnia'],
        en: ['within 45 days', 'immediately', 'within 1 day'],
        cs: ['do 45 dnů', 'neprodleně', 'do 1 dne'],
      };
      const [fortyFive, zero, one] = expected[lang];
      expect(mainText(await page(sports, 'privacy', lang))).toContain(fortyFive);
      expect(mainText(await page(housing, 'privacy', lang))).toContain(zero);
      expect(mainText(await page(city, 'privacy', lang))).toContain(one);
      // A tenant the law makes keep closed accounts says so instead of promising a deletion.
      const kept = {
        pl: 'tak długo, jak wymagają tego przepisy',
        en: 'as long as the law requires',
        cs: 'tak dlouho, jak to vyžadují předpisy',
      }[lang];
      expect(mainText(await page(transport, 'privacy', lang))).toContain(kept);
      expect(mainText(await page(transport, 'privacy', lang))).not.toContain(fortyFive.replace('45', '30'));
    });

    it('lists the front desks where rights can be exercised in person', async () => {
      expect(mainText(await page(sports, 'privacy', lang))).toContain('Kasa przy basenie');
      expect(mainText(await page(city, 'privacy', lang))).toContain('Kontaktní centrum');
    });

    it('offers the objection right and the public-task basis only to public bodies', async () => {
      const article21 = { pl: 'art. 21 RODO', en: 'Article 21 GDPR', cs: 'čl. 21 GDPR' }[lang];
      expect(mainText(await page(sports, 'privacy', lang))).toContain(article21);
      expect(mainText(await page(housing, 'privacy', lang))).not.toContain(article21);
    });

    it('lists the preference cookies and says there is no tracking', async () => {
      const html = await page(city, 'privacy', lang);
      for (const name of ['okienko_lang', 'okienko_text', 'okienko_contrast']) expect(html).toContain(name);
      expect(html).toMatch(/<th scope="col">/);
      const noTracking = { pl: 'Nie używamy plików cookie śledzących', en: 'no tracking', cs: 'Nepoužíváme sledovací' }[
        lang
      ];
      expect(mainText(html)).toContain(noTracking);
    });
  });

  describe('the accessibility statement', () => {
    it('names WCAG 2.1 AA, the date it was prepared and the tenant phone number', async () => {
      const date = { pl: '22 listopada 2026', en: '22 November 2026', cs: '22. listopadu 2026' }[lang];
      for (const tenant of all) {
        const text = mainText(await page(tenant, 'accessibility', lang));
        expect(text).toContain('WCAG');
        expect(text).toContain('2.1');
        expect(text).toContain(date);
        expect(text).toContain(tenant.input.contact.phone);
      }
    });

    it("names the enforcement bodies of the tenant's country", async () => {
      const polish = mainText(await page(sports, 'accessibility', lang));
      expect(polish).toContain('Rzecznik Praw Obywatelskich');
      expect(polish).not.toContain('Digitální a informační agentura');
      const czech = mainText(await page(city, 'accessibility', lang));
      expect(czech).toContain('Digitální a informační agentura');
      expect(czech).toContain('Veřejný ochránce práv');
      expect(czech).not.toContain('Rzecznik Praw Obywatelskich');
      expect(czech).toContain('99/2019');
    });

    it('never mentions PESEL', async () => {
      expect(mainText(await page(sports, 'accessibility', lang))).not.toContain('PESEL');
    });
  });
});

describe('language of parts', () => {
  it("marks the tenant's name with its own language where the page is in another", async () => {
    const name = (tenant: CreatedTenant, lang: string) => `<span lang="${lang}">${tenant.input.name}</span>`;
    expect(await page(sports, 'accessibility', 'en')).toContain(name(sports, 'pl'));
    expect(await page(sports, 'privacy', 'cs')).toContain(name(sports, 'pl'));
    expect(await page(city, 'privacy', 'pl')).toContain(name(city, 'cs'));
    expect(await page(sports, 'privacy', 'pl')).not.toContain(name(sports, 'pl'));
    expect(await page(city, 'accessibility', 'cs')).not.toContain(name(city, 'cs'));
  });

  it("marks the supervisory authority's own name when the page is in another language", async () => {
    expect(await page(sports, 'privacy', 'en')).toContain('<span lang="pl">Prezes Urzędu Ochrony Danych Osobowych');
    expect(await page(city, 'privacy', 'en')).toContain('<span lang="cs">Úřad pro ochranu osobních údajů');
  });
});

describe('the accessibility view given front desks', () => {
  // The route passes only a title today; once it passes `desks` too, the statement lists them.
  it('lists each desk with its address in the tenant language', async () => {
    const input = sports.input;
    const ctx = {
      tenant: { ...input, timeZone: 'Europe/Warsaw', settings: {} },
      locale: 'en',
      t: translator(createI18n(), 'en'),
      fmt: formatters('en', 'Europe/Warsaw'),
    };
    const desks = [
      {
        name: 'Kasa przy basenie',
        street: 'ul. Wodna 3',
        postalCode: '00-003',
        city: 'Testowo',
        phone: '+48 22 333 33 33',
      },
      { name: 'Punkt w hali', street: 'ul. Sportowa 5', postalCode: '00-004', city: 'Testowo', phone: null },
    ];
    const html = await ejs.renderFile(path.join(viewsDir, 'tenant', 'accessibility.ejs'), {
      ctx,
      title: 'Accessibility statement',
      desks,
    });
    expect(structuralProblems(`<html lang="en">${html}</html>`)).toEqual([]);
    expect(html).toContain('<span lang="pl"><strong>Kasa przy basenie</strong>, ul. Wodna 3, 00-003 Testowo</span>');
    expect(html).toContain('href="tel:+48223333333"');
    expect(html).toContain('<strong>Punkt w hali</strong>, ul. Sportowa 5, 00-004 Testowo</span></li>');
  });
});

describe('the structural checker used above', () => {
  it('catches unbalanced tags, blocks in paragraphs, duplicate ids and skipped headings', () => {
    const broken = '<html lang="de"><main><h1>a</h1><h3 id="x">b</h3><p><ul></ul></p><div id="x"></main></html>';
    expect(structuralProblems(broken)).toEqual(
      expect.arrayContaining([
        '<ul> inside <p>',
        'duplicate id x',
        'h1 followed by h3',
        'lang="de"',
        expect.stringMatching(/closes/),
      ]),
    );
    expect(structuralProblems('<html lang="pl"><h1>a</h1><h2>b</h2><p>c<br></p></html>')).toEqual([]);
  });
});
