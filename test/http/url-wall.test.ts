// The URL wall: the slug or a configured domain picks the organisation, and nothing a
// visitor or attacker puts in the path or the Host header picks another one or breaks a page.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { headingOne, htmlAttribute, links, stylesheets, visibleText } from './html.ts';

const db = useTestDatabase();
const DOMAIN = 'ebok.spoldzielnia-test.example';

let ours: CreatedTenant;
let other: CreatedTenant;
let czech: CreatedTenant;
let testApp: TestApp;

beforeAll(async () => {
  ours = await createTenant(db.current.owner, {
    name: 'Spółdzielnia Mieszkaniowa Testowa',
    kind: 'housing_cooperative',
  });
  other = await createTenant(db.current.owner, { name: 'Inny Ośrodek Sportu' });
  czech = await createTenant(db.current.owner, { defaultLocale: 'cs', timeZone: 'Europe/Prague' });
  await db.current.owner('tenant_domains').insert({ hostname: DOMAIN, tenant_id: ours.id });
  testApp = await createTestApp(db.current);
});

describe('the slug', () => {
  it('redirects /{slug} permanently to /{slug}/, keeping the query', async () => {
    const bare = await request(testApp.app).get(`/${ours.input.slug}`).expect(301);
    expect(bare.headers.location).toBe(`/${ours.input.slug}/`);
    const withQuery = await request(testApp.app).get(`/${ours.input.slug}?lang=en&text=2`).expect(301);
    expect(withQuery.headers.location).toBe(`/${ours.input.slug}/?lang=en&text=2`);
  });

  it('answers an unknown slug with the portal 404 page in the visitor language', async () => {
    const polish = await request(testApp.app).get('/no-such-organisation/').expect(404);
    expect(headingOne(polish.text)).toBe('Nie znaleziono strony');
    expect(visibleText(polish.text)).toContain('Okienko – e-usługi');
    expect(stylesheets(polish.text)).toEqual(['/static/css/main.css', '/static/css/components.css']);

    const english = await request(testApp.app)
      .get('/no-such-organisation')
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .expect(404);
    expect(htmlAttribute(english.text, 'lang')).toBe('en');
    expect(headingOne(english.text)).toBe('Page not found');
  });

  it('answers an unknown path inside an organisation with a 404 in its own branding', async () => {
    const response = await request(testApp.app).get(`/${ours.input.slug}/no-such-page`).expect(404);
    expect(headingOne(response.text)).toBe('Nie znaleziono strony');
    expect(visibleText(response.text)).toContain(ours.input.name);
    expect(stylesheets(response.text)).toContain(`/${ours.input.slug}/brand.css`);

    const cs = await request(testApp.app).get(`/${czech.input.slug}/nic/tady/neni`).expect(404);
    expect(htmlAttribute(cs.text, 'lang')).toBe('cs');
    expect(headingOne(cs.text)).toBe('Stránka nenalezena');
    expect(stylesheets(cs.text)).toContain(`/${czech.input.slug}/brand.css`);
  });

  it('keeps the organisation branding on a 404 for a form sent to /{slug} without the slash', async () => {
    const response = await request(testApp.app).post(`/${ours.input.slug}`).expect(404);
    expect(visibleText(response.text)).toContain(ours.input.name);
  });
});

describe('a custom domain', () => {
  it('serves its organisation at / and links its pages without the slug', async () => {
    const response = await request(testApp.app).get('/').set('Host', DOMAIN).expect(200);
    expect(headingOne(response.text)).toBe(ours.input.name);
    expect(stylesheets(response.text)).toContain('/brand.css');
    expect(links(response.text)).toContain('/privacy');
    const css = await request(testApp.app).get('/brand.css').set('Host', `${DOMAIN.toUpperCase()}:8443`).expect(200);
    expect(css.text).toContain(ours.input.branding.primaryColour);
  });

  it('does not offer the portal directory as a way out, since / there is the organisation itself', async () => {
    const response = await request(testApp.app).get('/').set('Host', DOMAIN).expect(200);
    expect(visibleText(response.text)).not.toContain('Wszystkie instytucje');
  });

  it('404s another organisation slug, in its own branding', async () => {
    for (const path of [`/${other.input.slug}/`, `/${other.input.slug}`, `/${other.input.slug}/brand.css`]) {
      const response = await request(testApp.app).get(path).set('Host', DOMAIN).expect(404);
      expect(visibleText(response.text)).toContain(ours.input.name);
      expect(visibleText(response.text)).not.toContain(other.input.name);
    }
  });

  it('picks up a domain the owner adds, after the registry reloads', async () => {
    const added = 'portal.inny-osrodek.example';
    await db.current.owner('tenant_domains').insert({ hostname: added, tenant_id: other.id });
    await testApp.registry.reload();
    const response = await request(testApp.app).get('/').set('Host', added).expect(200);
    expect(headingOne(response.text)).toBe(other.input.name);
  });
});

describe('a Host header that is not configured', () => {
  it('changes nothing: the directory and slugs work as on the portal host', async () => {
    const directory = await request(testApp.app).get('/').set('Host', 'attacker.example').expect(200);
    expect(visibleText(directory.text)).toContain(ours.input.name);
    expect(visibleText(directory.text)).toContain(other.input.name);
    const home = await request(testApp.app).get(`/${other.input.slug}/`).set('Host', 'attacker.example').expect(200);
    expect(headingOne(home.text)).toBe(other.input.name);
    expect(home.text).not.toContain('attacker.example');
  });

  it('ignores X-Forwarded-Host: a client cannot pick an organisation through a proxy header', async () => {
    const response = await request(testApp.app).get('/').set('X-Forwarded-Host', DOMAIN).expect(200);
    expect(visibleText(response.text)).toContain(other.input.name);
    expect(stylesheets(response.text)).toEqual(['/static/css/main.css', '/static/css/components.css']);
  });

  it('ignores X-Forwarded-Host behind a trusted proxy too: only the Host header picks a domain', async () => {
    const proxied = await createTestApp(db.current, { trustProxy: true });
    await proxied.registry.reload();
    const response = await request(proxied.app)
      .get('/')
      .set('Host', 'portal.example')
      .set('X-Forwarded-Host', `${DOMAIN}, portal.example`)
      .expect(200);
    expect(stylesheets(response.text)).toEqual(['/static/css/main.css', '/static/css/components.css']);
    const own = await request(proxied.app).get('/').set('Host', `${DOMAIN}:443`).expect(200);
    expect(headingOne(own.text)).toBe(ours.input.name);
  });
});

describe('hostile or malformed paths', () => {
  const paths = (): string[] => [
    `/${ours.input.slug.toUpperCase()}/`,
    `/${ours.input.slug}%00/`,
    `/${ours.input.slug}%2f`,
    '/..%2f',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/%E0%A4%A',
    `/${ours.input.slug}/%E0%A4%A`,
    `/${ours.input.slug}/..%2f..%2fpackage.json`,
    '/static/..%2fpackage.json',
    '/static/%E0%A4%A',
    '/static/../package.json',
    '/a'.repeat(41),
    `/${'a'.repeat(41)}/`,
    `/${ours.input.slug}/${'x'.repeat(6000)}`,
    '/' + 'a/'.repeat(2000),
  ];

  it('answers 404 or 400 with a page, never 500, never a file from outside public/', async () => {
    for (const path of paths()) {
      const response = await request(testApp.app).get(path);
      expect([400, 404], `${path.slice(0, 60)} → ${response.status}`).toContain(response.status);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).not.toContain('"devDependencies"');
    }
  });

  it('never turns the current path into a link to another site', async () => {
    const response = await request(testApp.app).get('//attacker.example/').expect(404);
    for (const href of links(response.text)) expect(href).not.toMatch(/^(?:[a-z]+:)?\/\/|^\/\\/i);
  });
});
