// The one way to send mail: queue it in the transaction of the change it belongs to.
// If that transaction rolls back, the mail was never queued. The worker (mail-worker.ts)
// sends it after commit.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import type { SealedBox } from '../crypto/sealed-box.ts';
import type { Locale } from '../i18n/locales.ts';
import { mailDropped } from '../metrics/registry.ts';
import type { MailTemplate } from './templates.ts';
import { tenantRows } from '../tenancy/tenant-transaction.ts';

export interface MailToQueue<S extends z.ZodType> {
  template: MailTemplate<S>;
  to: string;
  locale: Locale;
  params: z.input<S>;
  /** The event this mail belongs to, e.g. `activation:<token id>`: queuing it twice queues one mail. */
  idempotencyKey: string;
  /** The user the mail concerns, if any (staff will list a user's mails). */
  userId?: string;
}

export type QueueOutcome =
  | { status: 'queued'; id: string }
  | { status: 'duplicate'; id: string }
  /** Held back by the template's throttle; `retryAfterMs`: until it lets one through again. */
  | { status: 'dropped'; id: string; reason: 'per_minute' | 'per_day'; retryAfterMs: number };

const recipient = z.string().max(254).email();

export interface SealedMailIdentity {
  tenant_id: string;
  id: string;
  recipient: string;
  template: string;
}

/**
 * Associated data binding a row's sealed parameters to that row and to what the mail is:
 * moved to another row, another tenant, or under a changed recipient, they do not open.
 */
export function sealContext({ tenant_id, id, recipient, template }: SealedMailIdentity): string {
  return `mail_outbox:${tenant_id}:${id}:${recipient.toLowerCase()}:${template}`;
}

// The throttle's key for an address, as the column recipient_key computes it (migration 001400).
export const RECIPIENT_KEY = "lower(regexp_replace(?, '[+][^@]*@', '@'))";

/** Wakes the mail workers (mail-worker.ts listens on it). */
export const MAIL_QUEUED_CHANNEL = 'mail_queued';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export class MailOutbox {
  private readonly sealedBox: SealedBox;
  private readonly clock: Clock;

  constructor({ sealedBox, clock }: { sealedBox: SealedBox; clock: Clock }) {
    this.sealedBox = sealedBox;
    this.clock = clock;
  }

  /**
   * Queues a mail inside `trx`, a withTenant() transaction. Throws on parameters the template
   * does not accept or an invalid address, so the caller's transaction rolls back with it.
   */
  async enqueue<S extends z.ZodType>(trx: Knex.Transaction, mail: MailToQueue<S>): Promise<QueueOutcome> {
    if (!trx.isTransaction) throw new Error('Mail is queued inside the transaction of the change it belongs to.');
    const { name: template, params: schema, throttle } = mail.template;
    const params: unknown = schema.parse(mail.params);
    const to = recipient.parse(mail.to);
    const now = this.clock.now();

    // One queuing decision at a time per address, so two concurrent requests cannot both
    // slip under the throttle. (An advisory lock holds on the node that takes it: on Citus every
    // transaction takes it on the coordinator, so it still serialises.) The mail workers are
    // woken in the same round trip (notify.ts): the notice goes out only if this commits, and
    // one that finds nothing new to send costs a worker one empty claim.
    const { rows } = await trx.raw<{ rows: { tenant: string }[] }>(
      `SELECT current_setting('app.tenant_id') AS tenant,
              pg_advisory_xact_lock(hashtextextended(current_setting('app.tenant_id') || ${RECIPIENT_KEY}, 0)),
              pg_notify(?, '')`,
      [to, MAIL_QUEUED_CHANNEL],
    );
    const tenantId = rows[0]!.tenant;
    const existing = await tenantRows(trx, 'mail_outbox').where({ idempotency_key: mail.idempotencyKey }).first('id');
    if (existing) return { status: 'duplicate', id: existing.id as string };

    const minuteAgo = new Date(now.getTime() - MINUTE_MS);
    const recent = await tenantRows(trx, 'mail_outbox')
      .whereRaw(`recipient_key = ${RECIPIENT_KEY}`, [to])
      .andWhere({ template })
      .andWhere('created_at', '>', new Date(now.getTime() - DAY_MS))
      .andWhereNot({ status: 'dropped' })
      .first(
        trx.raw('count(*)::int AS day'),
        trx.raw('count(*) FILTER (WHERE created_at > ?)::int AS minute', [minuteAgo]),
        trx.raw('min(created_at) AS day_oldest'),
        trx.raw('min(created_at) FILTER (WHERE created_at > ?) AS minute_oldest', [minuteAgo]),
      );
    const minuteFull = recent.minute >= throttle.perMinute;
    const dayFull = recent.day >= throttle.perDay;
    const reason = minuteFull ? 'per_minute' : dayFull ? 'per_day' : undefined;

    const id = randomUUID();
    const row = {
      id,
      idempotency_key: mail.idempotencyKey,
      recipient: to,
      user_id: mail.userId ?? null,
      template,
      locale: mail.locale,
      created_at: now,
      next_attempt_at: now,
    };
    if (reason) {
      // Recorded, not silently lost: staff will see that a mail was held back, and why.
      await trx('mail_outbox').insert({
        ...row,
        status: 'dropped',
        finished_at: now,
        last_error: `throttled: ${reason}`,
      });
      mailDropped.inc({ template });
      // A window full of mails lets one more through once its oldest mail leaves it (mails
      // held back are not counted, so a full window holds exactly its limit).
      const freedAt = Math.max(
        minuteFull ? (recent.minute_oldest as Date).getTime() + MINUTE_MS : 0,
        dayFull ? (recent.day_oldest as Date).getTime() + DAY_MS : 0,
      );
      return { status: 'dropped', id, reason, retryAfterMs: Math.max(0, freedAt - now.getTime()) };
    }
    const identity = { tenant_id: tenantId, id, recipient: to, template };
    const sealed = this.sealedBox.seal(JSON.stringify(params), sealContext(identity));
    await trx('mail_outbox').insert({ ...row, sealed_params: sealed });
    return { status: 'queued', id };
  }
}
