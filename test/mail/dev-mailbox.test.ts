// Development without a mail server: the worker sends into the local catcher, and
// /_dev/mailbox shows the mail with its links clickable, so a link can be followed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startDevMailCatcher, type DevMailCatcher } from '../../src/platform/mail/dev-catcher.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { loadedRegistry, queueMailCheck, testMailWorker, testOutbox, TEST_PUBLIC_URL } from '../support/mail.ts';

const db = useTestDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'okienko-mailbox-'));
let catcher: DevMailCatcher;

beforeAll(async () => {
  catcher = await startDevMailCatcher(dataDir, createLogger('silent'));
});
afterAll(() => catcher.close());

describe('the development mailbox', () => {
  it('lists what the worker sent and links the mail’s links', async () => {
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date());
    await queueMailCheck(db.current.app, testOutbox(clock), tenant.id, {
      to: 'new.user@example.test',
      locale: 'en',
      params: { note: '<b>not bold</b>' },
    });
    const worker = testMailWorker(db.current, {
      smtpUrl: catcher.url,
      clock,
      registry: await loadedRegistry(db.current),
    });
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    await worker.stop();

    const { app } = await createTestApp(db.current, { dataDir, env: 'development' });
    const list = await request(app).get('/_dev/mailbox?lang=en').expect(200);
    expect(list.text).toContain(`Test message: ${tenant.input.name} &lt;b&gt;not bold&lt;/b&gt;`);
    expect(list.text).toContain('new.user@example.test');
    const href = /href="(\/_dev\/mailbox\/[^"]+)"/.exec(list.text)![1]!;

    const message = await request(app).get(href).expect(200);
    const link = `${TEST_PUBLIC_URL}/${tenant.input.slug}/`;
    expect(message.text).toContain(`<a href="${link}">${link}</a>`);
    expect(message.text).not.toContain('<b>not bold</b>');
    // The link leads into the portal.
    await request(app).get(new URL(link).pathname).expect(200);
  });

  it('answers 404 for a message that is not there, and for anything but a message name', async () => {
    const { app } = await createTestApp(db.current, { dataDir, env: 'development' });
    await request(app).get('/_dev/mailbox/000000000000000-00000000').expect(404);
    await request(app).get('/_dev/mailbox/..%2F..%2Fsession-secret').expect(404);
  });

  it('exists in development only, and only for a browser on this machine', async () => {
    for (const env of ['production', 'test'] as const) {
      const { app } = await createTestApp(db.current, { dataDir, env });
      await request(app).get('/_dev/mailbox').expect(404);
    }
    const { app } = await createTestApp(db.current, { dataDir, env: 'development' });
    await request(app).get('/_dev/mailbox').expect(200);
    // Through a proxy on this machine, the visitor is somebody else.
    await request(app).get('/_dev/mailbox').set('X-Forwarded-For', '203.0.113.9').expect(404);
  });
});
