// What staff may read of the mails that went wrong, and what a resend needs of the outbox:
// the tenant's mails still being retried after a failure and those given up on (metadata and
// the SMTP server's last answer, never content), a page at a time by keyset, newest first,
// over the partial index of migration 20261210000200. A dead mail is sent again at most once:
// the new mail's idempotency key names the dead one (resendKey), so the page can say which
// were, and a second try finds the first.
import type { Knex } from 'knex';
import type { Locale } from '../i18n/locales.ts';
import { tenantRows } from '../tenancy/tenant-transaction.ts';
import { RECIPIENT_KEY } from './outbox.ts';
import type { DeadMail } from './resend.ts';

/** Still being retried after a failure, or given up on. */
export const MAIL_PROBLEM_STATES = ['failing', 'dead'] as const;
export type MailProblemState = (typeof MAIL_PROBLEM_STATES)[number];

export interface MailProblem {
  id: string;
  template: string;
  recipient: string;
  userId: string | null;
  state: MailProblemState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  /** When it was given up on (a dead mail). */
  finishedAt: Date | null;
  /** The mail that sent it again, and how that one fares. */
  resentAs: { id: string; status: string } | undefined;
}

/** Where a page ends: the last mail shown. */
export interface MailProblemCursor {
  createdAt: Date;
  id: string;
}

/** The idempotency key of the mail that sends the dead mail `id` again. */
export const resendKey = (id: string): string => `resend:${id}`;

// The partial index's predicate (migration 20261210000200), word for word, so the planner uses it.
const FAILING = `m.status = 'queued' AND m.attempts > 0 AND m.last_error IS NOT NULL`;
const PROBLEM = `(m.status = 'dead' OR (${FAILING}))`;

interface ProblemRow {
  id: string;
  template: string;
  recipient: string;
  user_id: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  finished_at: Date | null;
  resent_id: string | null;
  resent_status: string | null;
}

/** A page of the tenant's mail problems, newest first, after the cursor; one more row tells whether a next page exists. */
export async function mailProblems(
  trx: Knex.Transaction,
  { state, after, limit }: { state?: MailProblemState; after?: MailProblemCursor; limit: number },
): Promise<{ mails: MailProblem[]; next: MailProblemCursor | undefined }> {
  const rows: ProblemRow[] = await tenantRows(trx, 'mail_outbox as m')
    .whereRaw(PROBLEM)
    .modify((query) => {
      if (state === 'dead') query.where('m.status', 'dead');
      if (state === 'failing') query.whereRaw(FAILING);
      if (after) query.whereRaw('(m.created_at, m.id) < (?, ?)', [after.createdAt, after.id]);
    })
    .leftJoin('mail_outbox as r', function () {
      this.on('r.tenant_id', 'm.tenant_id').andOn('r.idempotency_key', trx.raw(`'resend:' || m.id`));
    })
    .orderBy([
      { column: 'm.created_at', order: 'desc' },
      { column: 'm.id', order: 'desc' },
    ])
    .limit(limit + 1)
    .select(
      ...['m.id', 'm.template', 'm.recipient', 'm.user_id', 'm.status', 'm.attempts', 'm.last_error'],
      ...['m.created_at', 'm.last_attempt_at', 'm.finished_at', 'r.id as resent_id', 'r.status as resent_status'],
    );
  const mails = rows.slice(0, limit).map((row): MailProblem => ({
    id: row.id,
    template: row.template,
    recipient: row.recipient,
    userId: row.user_id,
    state: row.status === 'dead' ? 'dead' : 'failing',
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    finishedAt: row.finished_at,
    resentAs: row.resent_id ? { id: row.resent_id, status: row.resent_status! } : undefined,
  }));
  const last = mails.at(-1);
  return { mails, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

/**
 * The dead mail `id` of the transaction's tenant, with the transaction holding its resend
 * lock: two tries at once (a double click) take turns, and the second finds the first's mail.
 * (The app role may not lock outbox rows, which only the worker updates: the lock is advisory,
 * taken on the coordinator on Citus as the outbox's own.)
 */
export async function deadMailForResend(trx: Knex.Transaction, id: string): Promise<DeadMail | undefined> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(current_setting('app.tenant_id') || ?, 0))`, [
    resendKey(id),
  ]);
  const row = await tenantRows(trx, 'mail_outbox')
    .where({ id, status: 'dead' })
    .first('id', 'template', 'recipient', 'user_id', 'locale', 'created_at');
  if (!row) return undefined;
  return {
    id: row.id,
    template: row.template,
    recipient: row.recipient,
    userId: row.user_id,
    locale: row.locale as Locale,
    createdAt: row.created_at,
  };
}

/** The mail that sent the dead mail `id` again, if one did. */
export async function resentAs(trx: Knex.Transaction, id: string): Promise<string | undefined> {
  const row = await tenantRows(trx, 'mail_outbox')
    .where({ idempotency_key: resendKey(id) })
    .first('id');
  return row?.id;
}

/**
 * Whether a mail of the same template to the same person (or address) was queued after the
 * dead one and has not failed: a newer link went out, so the dead one's is not needed.
 */
export async function supersededBy(trx: Knex.Transaction, mail: DeadMail): Promise<boolean> {
  const newer = await tenantRows(trx, 'mail_outbox')
    .where({ template: mail.template })
    .modify((query) => {
      if (mail.userId) query.where({ user_id: mail.userId });
      else query.whereRaw(`recipient_key = ${RECIPIENT_KEY}`, [mail.recipient]);
    })
    .where('created_at', '>', mail.createdAt)
    .whereIn('status', ['queued', 'sent'])
    .first('id');
  return newer !== undefined;
}
