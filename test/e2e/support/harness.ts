// One browser and one running app per test file: the real createApp() over the file's own
// database (demo tenants seeded), listening on 127.0.0.1, and Debian's Chromium.
//
// Use it at the top of a test file:
//   const e2e = useBrowserApp();
//   e2e.test('a journey', async ({ page }) => { await page.goto(e2e.url('/')); … });
// Every e2e.test gets a fresh browser context (no cookies) and a page; when it fails, every
// page of that context is saved as a full-page PNG in test-results/, named after the test.
// A second person in the same test (a clerk's client at home) gets one the same way, from
// e2e.anotherBrowser.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { seedDemoCards } from '../../../seeds/demo-cards.ts';
import { seedDemoCityCards } from '../../../seeds/demo-city-cards.ts';
import { TEST_DATA_KEY } from '../../support/mail.ts';
import { seedDemoTenants } from '../../../seeds/demo-tenants.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../../support/app.ts';
import { TEST_PUBLIC_URL } from '../../support/mail.ts';
import { useTestDatabase, type TestDatabase } from '../../support/database.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS_DIR = path.join(root, 'test-results');

/** Playwright waits this long for a page or an element, well inside vitest's test timeout. */
const ACTION_TIMEOUT_MS = 45_000;

export interface E2eContext {
  context: BrowserContext;
  page: Page;
}

export interface E2eTestOptions {
  /** For the test's browser context, e.g. { locale: 'pl-PL' } for the Accept-Language it sends. */
  context?: BrowserContextOptions;
  timeout?: number;
}

export interface BrowserApp {
  readonly browser: Browser;
  readonly db: TestDatabase;
  readonly testApp: TestApp;
  readonly baseUrl: string;
  /** The app's PUBLIC_URL: what its mails and printed sheets name (the test server itself when servedAtPublicUrl). */
  readonly publicUrl: string;
  /** An absolute URL on the app under test. */
  url(pathAndQuery: string): string;
  /** A test with a fresh browser context; a failure leaves screenshots in test-results/. */
  test(name: string, body: (ctx: E2eContext) => Promise<void>, options?: E2eTestOptions): void;
  /**
   * Another person's browser beside the test's own, as a fresh context, for the length of
   * `body`: closed after it, and its pages saved under `name` when it fails.
   */
  anotherBrowser<T>(name: string, options: BrowserContextOptions, body: (ctx: E2eContext) => Promise<T>): Promise<T>;
  /** A fresh browser context on the app under test, with the harness's waits; the caller closes it. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Saves a full-page screenshot of the page as test-results/<file>--<name>.png; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
}

/** A port free now, for a server to listen on next. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export function fileSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150);
}

/**
 * file: the test file (import.meta.url), which names its screenshots; app: how to build the app;
 * servedAtPublicUrl: the app's PUBLIC_URL is the test server itself, for journeys that leave the
 * tenant and come back by absolute URL (the test payment provider).
 */
export function useBrowserApp(options: {
  file: string;
  app?: TestAppOptions;
  servedAtPublicUrl?: boolean;
}): BrowserApp {
  const db = useTestDatabase();
  const prefix = fileSlug(path.basename(options.file).replace(/\.test\.ts$/, ''));
  let browser: Browser | undefined;
  let server: Server | undefined;
  let testApp: TestApp | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    await seedDemoTenants(db.current.owner);
    // The card and pass types, so the Client Card's and the city card's pages are there to visit
    // (no demo client here holds a card or applied for one: the holders' seeds find none of them).
    await seedDemoCards(db.current.owner, { dataKey: TEST_DATA_KEY });
    await seedDemoCityCards(db.current.owner, { dataKey: TEST_DATA_KEY });
    const port = options.servedAtPublicUrl ? await freePort() : 0;
    const publicUrl = options.servedAtPublicUrl ? { publicUrl: `http://127.0.0.1:${port}` } : {};
    testApp = await createTestApp(db.current, { ...options.app, ...publicUrl });
    const app = testApp.app;
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // launch() gives every run a fresh temporary profile, removed on close.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
  });

  const screenshot = async (page: Page, name: string): Promise<string> => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${prefix}--${fileSlug(name)}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: ACTION_TIMEOUT_MS });
    return file;
  };

  const harness: BrowserApp = {
    get browser() {
      if (!browser) throw new Error('the browser is launched in beforeAll');
      return browser;
    },
    get testApp() {
      if (!testApp) throw new Error('the app is created in beforeAll');
      return testApp;
    },
    get db() {
      return db.current;
    },
    get baseUrl() {
      return baseUrl;
    },
    get publicUrl() {
      return options.servedAtPublicUrl ? baseUrl : TEST_PUBLIC_URL;
    },
    url: (pathAndQuery) => new URL(pathAndQuery, baseUrl).toString(),
    screenshot,
    test(name, body, { context: contextOptions, timeout } = {}) {
      it(name, () => harness.anotherBrowser(name, contextOptions ?? {}, body), timeout);
    },
    async newContext(options = {}) {
      const context = await harness.browser.newContext({ ...options, baseURL: baseUrl });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
      return context;
    },
    async anotherBrowser(name, options, body) {
      const context = await harness.newContext(options);
      const page = await context.newPage();
      try {
        return await body({ context, page });
      } catch (error) {
        const pages = context.pages();
        for (const [index, open] of pages.entries()) {
          const label = pages.length > 1 ? `${name} (page ${index + 1})` : name;
          const saved = await screenshot(open, label).catch(() => undefined);
          if (saved) console.error(`screenshot of the failure: ${path.relative(root, saved)} (${open.url()})`);
        }
        throw error;
      } finally {
        await context.close();
      }
    },
  };
  return harness;
}
