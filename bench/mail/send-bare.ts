// Baseline: a bare nodemailer pooled send loop. The same pool settings as the portal's
// transport and the same rendered mail (read from MAIL_FILE), sent COUNT times to distinct
// addresses as fast as the pool takes them. Prints {"sent", "ms"}.
import { readFileSync } from 'node:fs';
import { createSmtpTransport } from '../../src/platform/mail/transport.ts';

const env = process.env as Record<string, string>;
const count = Number(env.COUNT);
const mail = JSON.parse(readFileSync(env.MAIL_FILE!, 'utf8')) as Record<string, unknown>;
const transport = createSmtpTransport(env.SMTP_URL!);
const started = performance.now();
await Promise.all(
  Array.from({ length: count }, (_, i) =>
    transport.sendMail({ ...mail, to: `bare-${i}@example.test`, messageId: `<bare-${i}@bench.test>` }),
  ),
);
const ms = performance.now() - started;
transport.close();
process.stdout.write(`${JSON.stringify({ sent: count, ms })}\n`);
