// recordAudit(): the one way a row reaches the audit log (issue #18). A feature calls it inside
// the transaction of the action it records (a withTenant() transaction), so the row and the
// change commit together or not at all: a rolled-back change leaves no row, and no change
// is committed without its row. What is recorded is sanitised first (sanitise.ts).
//
// When is the database's time (the column's default): the app role may not write occurred_at.
import { isIP } from 'node:net';
import type { Knex } from 'knex';
import type { Actor, ServiceContext } from '../service-context.ts';
import { maskDigitRuns, sanitiseChanges, type AuditChanges } from './sanitise.ts';

export type { AuditChanges } from './sanitise.ts';

/** The actors the audit log records: people. A visitor or a job changes nothing a manager audits. */
export type AuditActor = Extract<Actor, { kind: 'staff' | 'operator' | 'client' }>;

export interface AuditEntry {
  /** What was done, `<subject>.<verb>` in lower case without digits: 'client.viewed', 'client.email_changed'. */
  action: string;
  /** What it was done to; for an action on no single record (a search), the tenant itself. */
  subject: { kind: string; id: string };
  /** Each changed field's value before and after; nothing for an action that only shows data. */
  changes?: AuditChanges;
}

/** What recordAudit reads of a service's context. */
export type AuditContext = Pick<ServiceContext, 'actor' | 'requestId' | 'ip'>;

const ACTION = /^[a-z_]+(\.[a-z_]+)+$/;
const SUBJECT_KIND = /^[a-z_]+$/;

function actorColumns(actor: Actor): { actor_kind: string; actor_id: string | null; actor_role: string | null } {
  switch (actor.kind) {
    case 'staff':
      return { actor_kind: 'staff', actor_id: actor.staffId, actor_role: actor.role };
    case 'operator':
      return { actor_kind: 'operator', actor_id: null, actor_role: null };
    case 'client':
      return { actor_kind: 'client', actor_id: actor.clientId, actor_role: null };
    case 'visitor':
    case 'system':
      // A programming error: whatever such an actor did is not what the log is for.
      throw new Error(`the audit log records people acting at a tenant, not a ${actor.kind}`);
  }
}

/** Writes one audit row in the caller's transaction (one opened by withTenant()). */
export async function recordAudit(trx: Knex.Transaction, context: AuditContext, entry: AuditEntry): Promise<void> {
  if (!ACTION.test(entry.action) || entry.action.length > 100) throw new Error(`not an audit action: ${entry.action}`);
  if (!SUBJECT_KIND.test(entry.subject.kind) || entry.subject.kind.length > 50) {
    throw new Error(`not an audit subject kind: ${entry.subject.kind}`);
  }
  const changes = sanitiseChanges(entry.changes);
  await trx('audit_log').insert({
    ...actorColumns(context.actor),
    action: entry.action,
    subject_kind: entry.subject.kind,
    subject_id: entry.subject.id,
    changes: changes === undefined ? null : JSON.stringify(changes),
    request_id: maskDigitRuns(context.requestId).slice(0, 200),
    // req.ip is what X-Forwarded-For said when a proxy is trusted: kept only if it is an address.
    ip: context.ip !== undefined && isIP(context.ip) !== 0 ? context.ip : null,
  });
}
