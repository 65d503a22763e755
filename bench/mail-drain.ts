// The mail outbox drain beside a bare nodemailer pooled send loop, both into one smtp-server
// sink in its own process (bench/README.md). Rows are queued before each timed drain, so the
// figure is the worker's: claim, open the sealed content, render, send, record.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../src/platform/db/embedded.ts';
import { createDatabase, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { TenantRegistry } from '../src/platform/tenancy/tenant-registry.ts';
import { createI18n } from '../src/platform/i18n/i18n.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createSealedBox } from '../src/platform/crypto/sealed-box.ts';
import { createLogger } from '../src/platform/logger.ts';
import { MailOutbox } from '../src/platform/mail/outbox.ts';
import { createMailRenderer } from '../src/platform/mail/render.ts';
import type { BenchDatabase } from './database.ts';
import type { BenchOptions } from './options.ts';
import { runChild } from './child.ts';
import { median } from './load.ts';
import { startServer } from './processes.ts';
import { formatInt, ratio, type Verdict } from './report.ts';
import { TENANT } from './targets.ts';
import { MAIL_CHECK } from '../src/platform/mail/templates.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';

export const MAIL_DRAIN_TARGET = 0.8;

interface Run {
  sent: number;
  ms: number;
}

export async function mailDrainPhase({
  database,
  options,
  say,
}: {
  database: BenchDatabase;
  options: BenchOptions;
  say: (line?: string) => void;
}): Promise<Verdict> {
  const count = options.quick ? 500 : 2_000;
  const rounds = options.quick ? 2 : 3;
  const dataKey = randomBytes(32);
  const smtpPort = await freePort();
  const sink = await startServer({
    name: 'smtp sink',
    script: 'bench/baselines/smtp-sink.ts',
    env: { SMTP_PORT: String(smtpPort) },
    readyPath: '/',
  });
  const app = createDatabase({ url: database.urls.appUrl, poolMax: 2, applicationName: 'bench mail queue' });
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-bench-mail-'));
  try {
    const registry = new TenantRegistry(app, createLogger('silent'), TENANT_SETTINGS);
    await registry.reload();
    const tenant = registry.findBySlug(TENANT)!;
    // The baseline sends the very mail the worker renders, so both push the same bytes.
    const render = createMailRenderer({ i18n: createI18n(), publicUrl: 'https://okienko.bench.test', cache: true });
    const sample = render({ template: MAIL_CHECK, locale: 'pl', tenant, params: {} });
    const mailFile = path.join(dir, 'mail.json');
    writeFileSync(
      mailFile,
      JSON.stringify({
        from: { name: tenant.name, address: 'no-reply@okienko.bench.test' },
        replyTo: { name: tenant.name, address: tenant.contact.email },
        headers: { 'Auto-Submitted': 'auto-generated' },
        ...sample,
      }),
    );
    const outbox = new MailOutbox({ sealedBox: createSealedBox(dataKey), clock: systemClock });
    const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
    const runs = { outbox: [] as number[], bare: [] as number[] };
    say(`\nMail: ${rounds} rounds of ${formatInt(count)} mails each, worker drain and bare loop interleaved`);
    for (let round = 0; round < rounds; round += 1) {
      await withTenant(app, tenant.id, async (trx) => {
        for (let i = 0; i < count; i += 1) {
          await outbox.enqueue(trx, {
            template: MAIL_CHECK,
            to: `bench-${round}-${i}@example.test`,
            locale: 'pl',
            params: {},
            idempotencyKey: `bench:${round}:${i}`,
          });
        }
      });
      const nodeOptions = process.env.BENCH_MAIL_NODE_OPTIONS ?? '';
      const drain = () =>
        runChild<Run>(
          'bench/mail/drain-outbox.ts',
          { DATABASE_WORKER_URL: database.urls.workerUrl, SMTP_URL: smtpUrl, DATA_KEY: dataKey.toString('base64') },
          nodeOptions,
        );
      const bare = () =>
        runChild<Run>(
          'bench/mail/send-bare.ts',
          { SMTP_URL: smtpUrl, MAIL_FILE: mailFile, COUNT: String(count) },
          nodeOptions,
        );
      // Alternate which goes first, so neither always meets a warmer machine.
      const [first, second] = round % 2 === 0 ? [drain, bare] : [bare, drain];
      const a = await first();
      const b = await second();
      const [drained, looped] = round % 2 === 0 ? [a, b] : [b, a];
      if (drained.sent !== count) throw new Error(`the worker sent ${drained.sent} of ${count} mails`);
      runs.outbox.push((drained.sent / drained.ms) * 1000);
      runs.bare.push((looped.sent / looped.ms) * 1000);
      say(
        `  round ${round + 1}: worker ${formatInt(runs.outbox.at(-1)!)} mails/s, bare loop ${formatInt(runs.bare.at(-1)!)} mails/s`,
      );
    }
    const received = ((await (await fetch(`${sink.origin}/`)).json()) as { received: number }).received;
    if (received !== 2 * rounds * count)
      throw new Error(`the sink received ${received} of ${2 * rounds * count} mails`);
    const [ours, theirs] = [median(runs.outbox), median(runs.bare)];
    return {
      status: ours / theirs >= MAIL_DRAIN_TARGET ? 'PASS' : 'MISS',
      goal: `mail outbox drain ≥ ${ratio(MAIL_DRAIN_TARGET)} a bare nodemailer pooled loop`,
      detail: `${ratio(ours / theirs)} (${formatInt(ours)} vs ${formatInt(theirs)} mails/s, medians; every mail counted at the sink)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await app.destroy();
    await sink.stop();
  }
}
