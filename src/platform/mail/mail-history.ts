// What the counter may tell about the mails sent to someone: the metadata of the outbox's rows
// (which mail, when, how its delivery went), never their content. A queued mail's parameters
// are sealed and a sent one's are gone (the outbox keeps no body and no link); the error text
// is the SMTP server's answer, which names no secret.
import type { Knex } from 'knex';
import { tenantRows } from '../tenancy/tenant-transaction.ts';

export interface MailHistoryEntry {
  template: string;
  status: 'queued' | 'sent' | 'dead' | 'dropped';
  createdAt: Date;
  attempts: number;
  finishedAt: Date | null;
  lastError: string | null;
}

/** The newest mails to a user (a client or a member of staff), newest first. */
export async function mailsToUser(trx: Knex.Transaction, userId: string, limit: number): Promise<MailHistoryEntry[]> {
  const rows = await tenantRows(trx, 'mail_outbox')
    .where({ user_id: userId })
    .orderBy('created_at', 'desc')
    .limit(limit)
    .select('template', 'status', 'created_at', 'attempts', 'finished_at', 'last_error');
  return rows.map((row) => ({
    template: row.template,
    status: row.status,
    createdAt: row.created_at,
    attempts: row.attempts,
    finishedAt: row.finished_at,
    lastError: row.last_error,
  }));
}
