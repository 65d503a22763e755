// Failures: every error page is a branded page in the visitor's language with the right
// status, and none tells a visitor (or an attacker) anything about the code behind it.
import { Writable } from 'node:stream';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import knex, { type Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { HttpError } from '../../src/platform/http/errors.ts';
import { errorHandler, RETRY_AFTER_SECONDS } from '../../src/platform/http/error-handler.ts';
import { configureViews } from '../../src/platform/http/views.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createCsrf } from '../../src/platform/http/csrf.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createTestApp, TEST_SESSION_SECRET, testAppConfig, type TestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { headingOne, htmlAttribute, stylesheets, visibleText } from './html.ts';

const db = useTestDatabase();
const SECRET = 'password=hunter2 in /srv/okienko/src/secret.ts';
const STACK_LINE = /\bat (?:async )?\S+ \(|node:internal|\.ts:\d+:\d+/;

let tenant: CreatedTenant;
let production: TestApp;

beforeAll(async () => {
  tenant = await createTenant(db.current.owner, { defaultLocale: 'cs', timeZone: 'Europe/Prague' });
  production = await createTestApp(db.current, { env: 'production' });
});

/** A tiny app with the real views and error handler, and routes that fail in different ways. */
function failingApp(logLines: string[] = [], showStack = false): Express {
  const app = express();
  configureViews(app, { cache: false, locals: [] });
  app.use(cookieParser());
  app.get('/throws', () => {
    throw new Error(SECRET);
  });
  app.get('/rejects', async () => {
    await Promise.resolve();
    throw new TypeError(SECRET);
  });
  app.get('/too-large', () => {
    throw Object.assign(new Error(SECRET), { status: 413 });
  });
  app.get('/bad-gateway', () => {
    throw Object.assign(new Error(SECRET), { statusCode: 502 });
  });
  app.get('/maintenance', () => {
    throw new HttpError(503, SECRET);
  });
  app.get('/forbidden', () => {
    throw new HttpError(403, SECRET);
  });
  const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
  app.use(
    errorHandler({
      i18n: createI18n(),
      secureCookies: false,
      csrf: createCsrf({ secret: TEST_SESSION_SECRET, secure: false }),
      logger: createLogger('error', sink),
      showStack,
    }),
  );
  return app;
}

describe('a route that throws', () => {
  it('shows the 500 page, in the layout, without the message or a stack trace', async () => {
    for (const path of ['/throws', '/rejects']) {
      const response = await request(failingApp()).get(path).expect(500);
      expect(htmlAttribute(response.text, 'lang')).toBe('pl');
      expect(headingOne(response.text)).toBe('Coś poszło nie tak');
      expect(stylesheets(response.text)).toContain('/static/css/main.css');
      expect(response.text).not.toContain('hunter2');
      expect(response.text).not.toMatch(STACK_LINE);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('speaks the visitor language', async () => {
    const english = await request(failingApp()).get('/throws').set('Accept-Language', 'en').expect(500);
    expect(headingOne(english.text)).toBe('Something went wrong');
    const czech = await request(failingApp()).get('/throws?lang=cs').expect(500);
    expect(headingOne(czech.text)).toBe('Něco se pokazilo');
  });

  it('logs what went wrong for the operator', async () => {
    const lines: string[] = [];
    await request(failingApp(lines)).get('/throws').expect(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('hunter2');
  });

  it('keeps client errors 4xx and hides upstream 5xx statuses behind a plain 500', async () => {
    const app = failingApp();
    const tooLarge = await request(app).get('/too-large').expect(400);
    expect(headingOne(tooLarge.text)).toBe('Nieprawidłowe żądanie');
    const forbidden = await request(app).get('/forbidden').expect(403);
    expect(headingOne(forbidden.text)).toBe('Brak dostępu');
    const badGateway = await request(app).get('/bad-gateway').expect(500);
    expect(headingOne(badGateway.text)).toBe('Coś poszło nie tak');
    const maintenance = await request(app).get('/maintenance').expect(503);
    expect(headingOne(maintenance.text)).toBe('Usługa chwilowo niedostępna');
    for (const response of [tooLarge, forbidden, badGateway, maintenance])
      expect(response.text).not.toContain('hunter2');
  });
});

describe('the real app when its database fails mid-request', () => {
  const brokenDatabases: Knex[] = [];
  afterAll(async () => {
    await Promise.all(brokenDatabases.map((database) => database.destroy()));
  });

  async function appWithBrokenDatabase(env: 'production' | 'development'): Promise<Express> {
    // The registry was loaded while the database was up; the page's own query then fails.
    const broken = knex({
      client: 'pg',
      connection: 'postgres://nobody:x@127.0.0.1:1/none',
      pool: { min: 0, max: 1 },
      log: { error: () => undefined, warn: () => undefined },
    });
    brokenDatabases.push(broken);
    return createApp({
      config: testAppConfig(env),
      db: broken,
      registry: production.registry,
      i18n: createI18n(),
      logger: createLogger('silent'),
      clock: systemClock,
    });
  }

  it('shows a 503 in the organisation branding and language, with Retry-After, the request reference and no details', async () => {
    const app = await appWithBrokenDatabase('production');
    const response = await request(app).get(`/${tenant.input.slug}/`).expect(503);
    expect(htmlAttribute(response.text, 'lang')).toBe('cs');
    expect(headingOne(response.text)).toBe('Dočasně nedostupné');
    expect(response.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(visibleText(response.text)).toContain(tenant.input.name);
    expect(stylesheets(response.text)).toContain(`/${tenant.input.slug}/brand.css`);
    expect(response.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nobody/);
    expect(response.text).not.toMatch(STACK_LINE);
    expect(visibleText(response.text)).toContain(response.headers['x-request-id']);
  });

  it('shows no stack for an outage even in development: it is not a bug in the code', async () => {
    const app = await appWithBrokenDatabase('development');
    const response = await request(app).get(`/${tenant.input.slug}/`).expect(503);
    expect(response.text).not.toMatch(/ECONNREFUSED/);
    expect(response.text).not.toMatch(STACK_LINE);
  });
});

describe('the stack trace', () => {
  it('is shown on a 500 only where the handler is told to (development)', async () => {
    const development = await request(failingApp([], true)).get('/throws').expect(500);
    expect(development.text).toContain('hunter2');
    expect(development.text).toMatch(STACK_LINE);
    const production = await request(failingApp([], false)).get('/throws').expect(500);
    expect(production.text).not.toMatch(STACK_LINE);
  });
});

describe('404 pages', () => {
  it('are branded and translated, with no stack trace, in production', async () => {
    const portal = await request(production.app).get('/does/not/exist').set('Cookie', 'okienko_lang=en').expect(404);
    expect(headingOne(portal.text)).toBe('Page not found');
    expect(portal.text).not.toMatch(STACK_LINE);
    const inTenant = await request(production.app).get(`/${tenant.input.slug}/missing`).expect(404);
    expect(headingOne(inTenant.text)).toBe('Stránka nenalezena');
    expect(visibleText(inTenant.text)).toContain(tenant.input.name);
    expect(inTenant.text).not.toMatch(STACK_LINE);
  });
});

describe('malformed input', () => {
  it('does not crash on broken cookies', async () => {
    const cookies = [
      'okienko_lang=%E0%A4%A; okienko_text=j:{bad',
      'okienko_lang=j:["en"]; okienko_contrast=j:{"x":1}',
      '=; ;;; okienko_text',
      `okienko_lang=${'x'.repeat(3000)}`,
    ];
    for (const cookie of cookies) {
      const response = await request(production.app).get(`/${tenant.input.slug}/`).set('Cookie', cookie);
      expect(response.status, cookie).toBe(200);
      expect(htmlAttribute(response.text, 'lang')).toBe('cs');
    }
  });

  it('does not crash on repeated, bracketed or badly encoded query parameters', async () => {
    const queries = [
      '?lang[]=en&lang[]=cs',
      '?lang=en&lang=cs',
      '?lang[x]=en',
      '?text[]=3&contrast[]=high',
      '?lang=%E0%A4%A',
      '?%E0%A4%A=1',
      '?__proto__[lang]=en',
    ];
    for (const query of queries) {
      const response = await request(production.app).get(`/${tenant.input.slug}/${query}`);
      expect(response.status, query).toBe(200);
      expect(htmlAttribute(response.text, 'lang'), query).toBe('cs');
      expect(htmlAttribute(response.text, 'class'), query).toBe('text-1');
    }
  });
});
