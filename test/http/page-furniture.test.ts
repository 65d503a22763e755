// What surrounds every page: a favicon and a robots.txt at the root of every host, a meta
// description per page type in the page's language, an account bar that never links the sign-in
// page to itself, one sign-out control on the forced password change, and the look of a card
// kept for what is a link.
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { DAY } from '../support/clock.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { newAgent, signInAs, signInWith } from '../support/sessions.ts';
import { decodeEntities, links } from './html.ts';

const db = useTestDatabase();
const LANGUAGES = ['pl', 'en', 'cs'] as const;
const DOMAIN = 'portal.furniture.example.pl';

let app: Express;
let tenant: CreatedTenant;
let slug: string;

beforeAll(async () => {
  tenant = await createTenant(db.current.owner, {
    domains: [DOMAIN],
    modules: ['registration', 'e_forms', 'booking'],
    settings: { selfRegistration: true },
  });
  slug = tenant.input.slug;
  ({ app } = await createTestApp(db.current));
});

describe('the favicon', () => {
  it('is an icon file at /favicon.ico on the portal and on a tenant domain, and an SVG the pages link', async () => {
    for (const host of ['localhost', DOMAIN]) {
      const icon = await request(app).get('/favicon.ico').set('Host', host).buffer(true).expect(200);
      expect(icon.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
      const bytes = icon.body as Buffer;
      // ICONDIR: reserved 0, type 1 (icon), at least one image.
      expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]);
      expect(bytes.readUInt16LE(4)).toBeGreaterThan(0);
    }
    const home = (await request(app).get(`/${slug}/`).expect(200)).text;
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(home)?.[1];
    expect(href).toBe('/static/favicon.svg');
    const svg = await request(app).get(href!).buffer(true).expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(svg.body)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});

/** RFC 9309: the longest matching rule wins, Allow on a tie; `*` matches any run of characters. */
function allowedByRobots(robots: string, path: string): boolean {
  const rules = robots
    .split('\n')
    .map((line) => /^(Allow|Disallow):\s*(\S*)/i.exec(line.trim()))
    .filter((match) => match !== null)
    .map(([, kind, pattern]) => ({ allow: kind!.toLowerCase() === 'allow', pattern: pattern! }));
  let best: { allow: boolean; length: number } = { allow: true, length: -1 };
  for (const rule of rules) {
    const regex = new RegExp(`^${rule.pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}`);
    if (!regex.test(path)) continue;
    const better = rule.pattern.length > best.length || (rule.pattern.length === best.length && rule.allow);
    if (better) best = { allow: rule.allow, length: rule.pattern.length };
  }
  return best.allow;
}

describe('robots.txt', () => {
  it('lets crawlers index the public pages and keeps them out of the account and personal links', async () => {
    for (const [host, base] of [
      ['localhost', `/${slug}`],
      [DOMAIN, ''],
    ] as const) {
      const response = await request(app).get('/robots.txt').set('Host', host).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/^User-agent: \*$/m);
      const allowed = (path: string) => allowedByRobots(response.text, path);
      for (const path of ['/', '/regulations', '/privacy', '/accessibility', '/sign-in', '/register']) {
        expect([host, path, allowed(`${base}${path}`)]).toEqual([host, path, true]);
      }
      for (const path of [
        '/account',
        '/account/data',
        '/account/profile',
        '/activate?token=x',
        '/reset-password?token=x',
      ]) {
        expect([host, path, allowed(`${base}${path}`)]).toEqual([host, path, false]);
      }
    }
    expect(allowedByRobots('Disallow: /*/account\n', '/portal')).toBe(true);
  });
});

function descriptionOf(html: string): string {
  const all = [...html.matchAll(/<meta name="description" content="([^"]*)">/g)];
  expect(all).toHaveLength(1);
  return decodeEntities(all[0]![1]!);
}

describe.each(LANGUAGES)('meta descriptions in %s', (lang) => {
  it('describe each page type in its own words, naming the tenant on its pages', async () => {
    const get = async (path: string) =>
      descriptionOf((await request(app).get(`${path}?lang=${lang}`).expect(200)).text);
    const portal = await get('/');
    expect(portal.length).toBeGreaterThan(40);
    const descriptions = new Map<string, string>([['/', portal]]);
    for (const path of [
      '/',
      '/accessibility',
      '/privacy',
      '/regulations',
      '/sign-in',
      '/register',
      '/forgot-password',
    ]) {
      const description = await get(`/${slug}${path}`);
      expect(description.startsWith(`${tenant.input.name}: `), description).toBe(true);
      expect(description.length).toBeLessThanOrEqual(200);
      descriptions.set(`/${slug}${path}`, description);
    }
    expect(new Set(descriptions.values()).size).toBe(descriptions.size);
  });

  it('are in the page language', async () => {
    const home = (l: string) => request(app).get(`/${slug}/?lang=${l}`).expect(200);
    const others = await Promise.all(
      LANGUAGES.filter((l) => l !== lang).map(async (l) => descriptionOf((await home(l)).text)),
    );
    expect(others).not.toContain(descriptionOf((await home(lang)).text));
  });
});

describe('the account bar', () => {
  it('offers sign-in on other pages, but on the sign-in page itself links nowhere to it', async () => {
    const signIn = `/${slug}/sign-in`;
    expect(links((await request(app).get(`/${slug}/`).expect(200)).text)).toContain(signIn);
    const page = (await request(app).get(signIn).expect(200)).text;
    expect(links(page)).not.toContain(signIn);
    expect(page).not.toContain('class="account-bar"');
    // Refused or invalid, the sign-in page is the same page.
    const refused = await signInWith(newAgent(app), slug, 'nobody@example.test', 'wrong-password');
    expect(refused.status).toBe(401);
    expect(links(refused.text)).not.toContain(signIn);
  });
});

describe('the forced password change', () => {
  it('has one sign-out control', async () => {
    const login = `start.${Math.random().toString(36).slice(2, 8)}`;
    await createActiveClient(db.current.app, tenant.id, {
      password: 'Start-7741-kwiecien',
      status: 'issued',
      email: null,
      login,
      activated_at: null,
      start_password_expires_at: new Date(Date.now() + 7 * DAY),
    });
    const agent = newAgent(app);
    const signedIn = await signInWith(agent, slug, login, 'Start-7741-kwiecien');
    expect(signedIn.headers.location).toBe(`/${slug}/account/password`);
    const page = (await agent.get(`/${slug}/account/password`).expect(200)).text;
    expect(page.match(/<form method="post" action="[^"]*\/sign-out"/g)).toHaveLength(1);
  });
});

describe('cards', () => {
  /** Each <li class="card"> of the page: a card is drawn as clickable, so it must hold a link. */
  const cardsOf = (html: string) => [...html.matchAll(/<li class="card">([\s\S]*?)<\/li>/g)].map((match) => match[1]!);

  it('are links in the directory, and the services of the home and account pages are not drawn as cards', async () => {
    const directory = cardsOf((await request(app).get('/').expect(200)).text);
    expect(directory.length).toBeGreaterThan(0);
    for (const card of directory) expect(links(card)).toHaveLength(1);

    const home = (await request(app).get(`/${slug}/?lang=en`).expect(200)).text;
    const agent = newAgent(app);
    await signInAs(agent, slug, await createActiveClient(db.current.app, tenant.id));
    const account = (await agent.get(`/${slug}/account`).expect(200)).text;
    for (const page of [home, account]) {
      const services = /<section aria-labelledby="services-heading">([\s\S]*?)<\/section>/.exec(page)![1]!;
      expect(services).toContain('<li class="service">');
      expect(cardsOf(services)).toEqual([]);
      expect(links(services)).toEqual([]);
    }
  });
});
