// The mail worker: claims due outbox rows across tenants (FOR UPDATE SKIP LOCKED, then a
// lease), renders and sends each through the pooled SMTP transport, and records the outcome.
// Any number may run: a row leased by one is not claimed by another until the lease runs
// out, which is also how the rows of a worker that died are picked up.
// A batch is claimed tenant by tenant, each tenant's rows locked by a statement that names
// the tenant: on Citus a tenant's rows live on one shard, and only a statement confined to
// one shard may lock rows (FOR UPDATE over several shards is refused).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import { fairShares } from '../../lib/fair-shares.ts';
import { UnknownKeyError, type SealedBox } from '../crypto/sealed-box.ts';
import { listen, type Listener } from '../db/listener.ts';
import type { TenantRegistry } from '../tenancy/tenant-registry.ts';
import { isLocale } from '../i18n/locales.ts';
import { mailDead, mailFailed, mailSent } from '../metrics/registry.ts';
import { MAIL_QUEUED_CHANNEL, sealContext } from './outbox.ts';
import { oneLine, type MailRenderer } from './render.ts';
import { isPermanentRefusal, retryDelayMs, RETRY_FOR_MS } from './retry-policy.ts';
import { SentRecorder } from './sent-recorder.ts';
import type { MailCatalogue } from './templates.ts';

export interface MailWorkerOptions {
  /** The worker role's connection: it alone may claim and update rows of every tenant. */
  db: Knex;
  listenUrl: string;
  registry: Pick<TenantRegistry, 'findById'>;
  render: MailRenderer;
  /** Every template by name: a row names its template, and one not here cannot be sent. */
  mails: MailCatalogue;
  transport: Transporter;
  sealedBox: SealedBox;
  clock: Clock;
  logger: Logger;
  mailFrom: string;
  /** The right-hand side of Message-IDs: the portal's public host name. */
  messageIdDomain: string;
  batchSize?: number;
  /**
   * The most tenants one batch is claimed from. Each is a statement of its own, so this bounds
   * the statements per batch; further tenants wait for those whose mail has waited longer.
   */
  tenantsPerBatch?: number;
  /**
   * Batches in flight at once: while one batch waits for its slowest mail, another is being
   * claimed and sent, so the SMTP connections never sit idle between batches.
   */
  lanes?: number;
  leaseMs?: number;
  /** The safety net for a missed notification, and what makes retries due. */
  pollEveryMs?: number;
  random?: () => number;
}

interface ClaimedRow {
  tenant_id: string;
  id: string;
  recipient: string;
  template: string;
  locale: string;
  sealed_params: Buffer | null;
  attempts: number;
  created_at: Date;
  locked_until: Date;
}

export interface DrainResult {
  sent: number;
  retried: number;
  dead: number;
}

const LAST_ERROR_LENGTH = 500;
/** A queued row that is due and not leased (bindings: now, now). */
const DUE = `status = 'queued' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)`;
/** A row whose lease ends within this margin is left for the next claim rather than sent late. */
const LEASE_MARGIN_MS = 30_000;

/** The row can never be sent: it is dead-lettered. */
class Unsendable extends Error {}
/** This process cannot send the row now (e.g. its tenant is not loaded yet); another try may. */
class NotHere extends Error {}

export class MailWorker {
  private readonly options: Required<MailWorkerOptions>;
  private readonly workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly sent: SentRecorder;
  private listener: Listener | undefined;
  private poll: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private wakeAgain = false;
  private stopping = false;

  constructor(options: MailWorkerOptions) {
    this.options = {
      batchSize: 50,
      tenantsPerBatch: 10,
      lanes: 3,
      leaseMs: 5 * 60_000,
      pollEveryMs: 5_000,
      random: Math.random,
      ...options,
    };
    this.sent = new SentRecorder({ db: options.db, workerId: this.workerId, clock: options.clock });
  }

  /** Listens for new mail and polls for due retries; sends what is already due. */
  async start(): Promise<void> {
    const { listenUrl, logger, pollEveryMs } = this.options;
    this.listener = await listen({
      url: listenUrl,
      channel: MAIL_QUEUED_CHANNEL,
      applicationName: 'okienko mail worker',
      logger,
      onNotification: () => this.wake(),
      onReconnect: () => this.wake(),
    });
    this.poll = setInterval(() => this.wake(), pollEveryMs);
    this.poll.unref();
    this.wake();
  }

  /** Stops taking new rows, lets the batch in hand finish, and closes the SMTP connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.poll);
    await this.listener?.close();
    await this.running;
    this.options.transport.close();
  }

  /** Sends everything due now and returns what happened; what the timer runs, and tests call. */
  async drain(): Promise<DrainResult> {
    const total: DrainResult = { sent: 0, retried: 0, dead: 0 };
    const lane = async (): Promise<void> => {
      while (!this.stopping) {
        const { rows, more } = await this.claim();
        const outcomes = await Promise.all(rows.map((row) => this.deliver(row)));
        for (const outcome of outcomes) if (outcome) total[outcome] += 1;
        if (!more) return;
      }
    };
    // A pass ends when every lane has: a lane that fails leaves the others sending what they
    // claimed, and the next pass must not start beside them.
    const lanes = await Promise.allSettled(Array.from({ length: this.options.lanes }, lane));
    const failed = lanes.find((settled) => settled.status === 'rejected');
    if (failed) throw failed.reason;
    return total;
  }

  private wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'mail worker pass failed; retrying later'))
      .finally(() => {
        this.running = undefined;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  /**
   * Claims a batch: which tenants have mail due is read without locks, the batch is split
   * among them (fairShares), then each tenant's share is locked, skipping rows another claim
   * holds, and leased in one statement. One statement for the tenants and one per tenant,
   * never one per mail. `more`: whether the next batch may find something.
   */
  private async claim(): Promise<{ rows: ClaimedRow[]; more: boolean }> {
    const { db, clock, leaseMs, batchSize } = this.options;
    const tenantsPerBatch = Math.min(this.options.tenantsPerBatch, batchSize);
    const now = clock.now();
    // Oldest waiting mail first: a tenant's flood of newer mail never holds back older mail
    // of another tenant, and a tenant past the limit is reached as the older mail goes out.
    const { rows: tenants } = await db.raw<{ rows: { tenant_id: string; due: number }[] }>(
      `SELECT tenant_id, count(*)::int AS due FROM mail_outbox
        WHERE ${DUE}
        GROUP BY tenant_id ORDER BY min(next_attempt_at) LIMIT ?`,
      [now, now, tenantsPerBatch],
    );
    // At most one tenant per place of the batch, so every tenant gets at least one.
    const shares = fairShares(
      tenants.map((tenant) => tenant.due),
      batchSize,
    );
    const claimed: ClaimedRow[] = [];
    for (const [index, { tenant_id: tenantId }] of tenants.entries()) {
      const { rows } = await db.raw<{ rows: ClaimedRow[] }>(
        // ARRAY(…): the rows are locked once, by an InitPlan. A subquery joined instead may be
        // run again for each row it meets (a nested loop), each run locking further rows.
        `UPDATE mail_outbox
            SET locked_until = ?, locked_by = ?, attempts = attempts + 1, last_attempt_at = ?
          WHERE tenant_id = ? AND id = ANY (ARRAY(
                  SELECT id FROM mail_outbox
                   WHERE tenant_id = ? AND ${DUE}
                   ORDER BY next_attempt_at
                   LIMIT ?
                     FOR UPDATE SKIP LOCKED))
      RETURNING tenant_id, id, recipient, template, locale, sealed_params, attempts, created_at, locked_until`,
        [new Date(now.getTime() + leaseMs), this.workerId, now, tenantId, tenantId, now, now, shares[index]!],
      );
      claimed.push(...rows);
    }
    // A short batch means nothing more was due, unless the tenants were cut off at the limit;
    // an empty one, that what is due is locked by claims elsewhere, which send it.
    const full = claimed.length === batchSize || tenants.length === tenantsPerBatch;
    return { rows: claimed, more: claimed.length > 0 && full };
  }

  private async deliver(row: ClaimedRow): Promise<keyof DrainResult | undefined> {
    const { clock, logger } = this.options;
    let message;
    try {
      message = this.compose(row);
    } catch (error) {
      if (error instanceof UnknownKeyError || error instanceof NotHere) {
        // This process lacks a key or the tenant (a rotation or a reload under way): the mail
        // is fine, so it waits rather than being erased.
        logger.error({ err: error, mail: row.id, tenant: row.tenant_id }, 'mail cannot be sent by this worker yet');
        return this.failed(row, `not sent by this worker: ${error.message}`);
      }
      logger.error({ err: error, mail: row.id, tenant: row.tenant_id }, 'mail cannot be rendered; dead-lettered');
      return this.giveUp(row, `cannot render: ${(error as Error).message}`);
    }
    // Sending after the lease ran out could send a row another worker has claimed since.
    if (clock.now().getTime() > row.locked_until.getTime() - LEASE_MARGIN_MS) return undefined;
    try {
      await this.options.transport.sendMail(message);
    } catch (error) {
      if (isPermanentRefusal(error)) return this.giveUp(row, smtpErrorText(error));
      return this.failed(row, smtpErrorText(error));
    }
    await this.sent.record(row.tenant_id, row.id);
    mailSent.inc();
    return 'sent';
  }

  /** A failure worth another try: retried with backoff, until the retry budget is spent. */
  private failed(row: ClaimedRow, reason: string): Promise<'retried' | 'dead'> {
    if (this.options.clock.now().getTime() - row.created_at.getTime() >= RETRY_FOR_MS) {
      return this.giveUp(row, `gave up after ${row.attempts} attempts: ${reason}`);
    }
    return this.retryLater(row, reason);
  }

  private compose(row: ClaimedRow) {
    const { registry, render, mails, sealedBox, mailFrom, messageIdDomain, clock } = this.options;
    const template = mails.get(row.template);
    if (!template) throw new Unsendable(`unknown template ${row.template}`);
    if (!isLocale(row.locale)) throw new Unsendable(`unknown locale ${row.locale}`);
    if (!row.sealed_params) throw new Unsendable('content already erased');
    const tenant = registry.findById(row.tenant_id);
    if (!tenant) throw new NotHere('tenant not found or disabled');
    const params: unknown = JSON.parse(sealedBox.open(row.sealed_params, sealContext(row)));
    const { subject, html, text } = render({ template, locale: row.locale, tenant, params });
    const sender = oneLine(tenant.name);
    return {
      from: { name: sender, address: mailFrom },
      replyTo: { name: sender, address: tenant.contact.email },
      // An address object and an explicit envelope: the recipient is never parsed as a list.
      to: { name: '', address: row.recipient },
      envelope: { from: mailFrom, to: [row.recipient] },
      subject,
      text,
      html,
      // Stable per row: a mail sent twice (a worker dying after the server accepted it)
      // is recognisable as one message.
      messageId: `<${row.id}@${messageIdDomain}>`,
      date: clock.now(),
      headers: { 'Auto-Submitted': 'auto-generated' },
      // Content never makes nodemailer read files or fetch URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    };
  }

  private async giveUp(row: ClaimedRow, lastError: string): Promise<'dead'> {
    // Given up: the content (and any live link in it) is erased; the reason stays for staff.
    await this.options
      .db('mail_outbox')
      .where({ tenant_id: row.tenant_id, id: row.id, locked_by: this.workerId })
      .update({
        status: 'dead',
        sealed_params: null,
        finished_at: this.options.clock.now(),
        last_error: lastError.slice(0, LAST_ERROR_LENGTH),
        locked_until: null,
        locked_by: null,
      });
    mailDead.inc();
    this.options.logger.warn({ mail: row.id, tenant: row.tenant_id, lastError }, 'mail dead-lettered');
    return 'dead';
  }

  private async retryLater(row: ClaimedRow, lastError: string): Promise<'retried'> {
    const { clock, random, db, logger } = this.options;
    const next = new Date(clock.now().getTime() + retryDelayMs(row.attempts, random));
    await db('mail_outbox')
      .where({ tenant_id: row.tenant_id, id: row.id, locked_by: this.workerId })
      .update({
        next_attempt_at: next,
        last_error: lastError.slice(0, LAST_ERROR_LENGTH),
        locked_until: null,
        locked_by: null,
      });
    mailFailed.inc();
    logger.info({ mail: row.id, attempts: row.attempts, next, lastError }, 'mail not sent; will retry');
    return 'retried';
  }
}

function smtpErrorText(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  return [code, responseCode, message].filter((part) => part !== undefined).join(' ') || String(error);
}
