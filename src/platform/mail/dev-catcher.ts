// Development only: with no SMTP_URL, the worker sends into this local SMTP server, which
// keeps each message as a file in DATA_DIR/mailbox; /_dev/mailbox (src/features/dev-mailbox)
// lists them. Files, not memory, so a worker started apart (`npm run worker`) and the web
// process see the same mailbox.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';

/** The mailbox keeps the newest messages; older ones are removed as new ones arrive. */
const KEEP_MESSAGES = 500;
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export function mailboxDir(dataDir: string): string {
  return path.join(dataDir, 'mailbox');
}

function pruneMailbox(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort();
  for (const name of files.slice(0, Math.max(0, files.length - KEEP_MESSAGES))) rmSync(path.join(dir, name));
}

export interface DevMailCatcher {
  url: string;
  close(): Promise<void>;
}

export async function startDevMailCatcher(dataDir: string, logger: Logger): Promise<DevMailCatcher> {
  const dir = mailboxDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // Names sort by arrival time: the mailbox lists them newest first.
        const name = `${Date.now().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}.eml`;
        try {
          writeFileSync(path.join(dir, name), Buffer.concat(chunks), { mode: 0o600 });
          pruneMailbox(dir);
          done();
        } catch (error) {
          done(error as Error);
        }
      });
    },
  });
  server.on('error', (error) => logger.warn({ err: error }, 'dev mail catcher error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  logger.info(`no SMTP_URL: mail is caught locally; read it at /_dev/mailbox`);
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
