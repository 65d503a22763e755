// A real SMTP server for tests: it keeps what it receives (raw and parsed), can refuse
// chosen recipients with a 5xx, can hold its answer to each message (the sender's mail stays
// in flight) until the test releases them, and can stop listening and start again on the same
// port, which is what an SMTP outage looks like from the worker's side.
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface CaughtMail {
  raw: string;
  envelopeTo: string[];
  parsed: Email;
}

export class SmtpSink {
  readonly messages: CaughtMail[] = [];
  /** Recipients refused at RCPT TO with 550. */
  readonly refuse = new Set<string>();
  port = 0;
  private server: SMTPServer | undefined;
  private waiters: (() => void)[] = [];
  private held: Promise<void> | undefined;
  private releaseHeld: (() => void) | undefined;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, done) => {
        if (this.refuse.has(address.address.toLowerCase())) {
          const error = Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 });
          return done(error);
        }
        done();
      },
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          // Nothing is kept or answered while held: to the sender the mail is still being sent.
          await this.held;
          const raw = Buffer.concat(chunks).toString('utf8');
          PostalMime.parse(raw)
            .then((parsed) => {
              this.messages.push({ raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
              for (const wake of this.waiters.splice(0)) wake();
              done();
            })
            .catch((error: Error) => done(error));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** From now on the sink answers no message, so each send stays in flight, until release(). */
  hold(): void {
    this.held = new Promise<void>((resolve) => (this.releaseHeld = resolve));
  }

  /** Answers (and keeps) the messages held, and those that come after. */
  release(): void {
    this.releaseHeld?.();
    this.held = undefined;
  }

  /** Stops listening: connections to the port are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once at least `count` messages have arrived; rejects after `withinMs`. */
  async waitFor(count: number, withinMs = 10_000): Promise<CaughtMail[]> {
    const deadline = Date.now() + withinMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} mails at the sink, got ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages;
  }
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = new SmtpSink();
  await sink.start();
  return sink;
}

/**
 * Registers hooks for a sink the whole test file shares: started once, and before each test
 * listening again, emptied, and refusing nobody. Read `.current` inside tests.
 */
export function useSmtpSink(): { readonly current: SmtpSink } {
  const holder: { current?: SmtpSink } = {};
  beforeAll(async () => {
    holder.current = await startSmtpSink();
  });
  afterAll(() => holder.current?.stop());
  beforeEach(async () => {
    const sink = holder.current!;
    sink.messages.length = 0;
    sink.refuse.clear();
    // A test may have stopped it to play an outage.
    await sink.start().catch(() => undefined);
  });
  return holder as { readonly current: SmtpSink };
}
