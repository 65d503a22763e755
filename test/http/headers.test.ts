// Response headers every answer carries: a strict Content-Security-Policy, no framework
// fingerprint, and a request id a visitor can quote to the front desk.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { visibleText } from './html.ts';

const db = useTestDatabase();

let tenant: CreatedTenant;
let testApp: TestApp;
let production: TestApp;

beforeAll(async () => {
  tenant = await createTenant(db.current.owner);
  testApp = await createTestApp(db.current);
  production = await createTestApp(db.current, { env: 'production' });
});

const paths = (): string[] => [
  '/',
  `/${tenant.input.slug}/`,
  `/${tenant.input.slug}`,
  `/${tenant.input.slug}/brand.css`,
  `/${tenant.input.slug}/no-such-page`,
  '/no-such-tenant/',
  '/static/css/main.css',
  '/static/nothing.css',
  '/healthz',
  '/readyz',
];

/** Content-Security-Policy as a map of directive -> sources. */
function policy(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe('every response', () => {
  it('has a strict Content-Security-Policy and no X-Powered-By', async () => {
    for (const app of [testApp.app, production.app]) {
      for (const path of paths()) {
        const response = await request(app).get(path);
        expect(response.headers['x-powered-by'], path).toBeUndefined();
        const csp = policy(response.headers['content-security-policy']);
        expect(csp.get('default-src'), path).toEqual(["'self'"]);
        expect(csp.get('object-src'), path).toEqual(["'none'"]);
        expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
        expect(csp.get('base-uri'), path).toEqual(["'none'"]);
        expect(csp.get('script-src'), path).toEqual(["'self'"]);
        expect(csp.get('img-src'), path).toEqual(["'self'"]);
        expect(csp.get('font-src'), path).toEqual(["'self'"]);
        // Nothing is let in from data: URLs, any HTTPS origin, or inline.
        const sources = [...csp.values()].flat();
        for (const loose of ['data:', 'https:', "'unsafe-inline'", "'unsafe-eval'", '*']) {
          expect(sources, path).not.toContain(loose);
        }
        expect(response.headers['x-content-type-options'], path).toBe('nosniff');
        expect(csp.get('form-action'), path).toEqual(["'self'"]);
        expect(response.headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
        for (const feature of ['camera', 'geolocation', 'microphone', 'payment']) {
          expect(response.headers['permissions-policy'], path).toContain(`${feature}=()`);
        }
      }
    }
  });

  it('carries a fresh X-Request-Id, the same one an error page quotes', async () => {
    const ids = new Set<string>();
    for (const path of paths()) {
      const response = await request(testApp.app).get(path);
      const id = String(response.headers['x-request-id']);
      expect(id, path).toMatch(/^[0-9a-f-]{36}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(paths().length);

    const notFound = await request(testApp.app).get('/nope').set('X-Request-Id', 'attacker-chosen').expect(404);
    expect(notFound.headers['x-request-id']).not.toBe('attacker-chosen');
    expect(visibleText(notFound.text)).toContain(notFound.headers['x-request-id']);
    expect(notFound.text).not.toContain('attacker-chosen');
  });

  it('asks browsers for HTTPS only in production', async () => {
    const prod = await request(production.app).get('/').expect(200);
    expect(prod.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(policy(prod.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
    const test = await request(testApp.app).get('/').expect(200);
    expect(test.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('pages', () => {
  it('use no inline script, inline style or off-site resource the policy would block', async () => {
    for (const path of ['/', `/${tenant.input.slug}/`, '/missing', `/${tenant.input.slug}/missing`]) {
      const { text } = await request(testApp.app).get(`${path}?contrast=high&text=3`);
      expect(text, path).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(text, path).not.toMatch(/\sstyle="/);
      expect(text, path).not.toMatch(/<style/);
      expect(text, path).not.toMatch(/\son[a-z]+="/);
      expect(text, path).not.toMatch(/(?:\ssrc=|<link[^>]*\shref=)"(?:[a-z]+:)?\/\//);
    }
  });
});
