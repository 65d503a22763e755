// The audit log as managers read it (issue #18): newest first, filtered by staff member, subject
// (a client), action and time, a page at a time, or the whole selection as CSV. The page itself
// is the staff feature's; these are its services.
//
// Pages are keyset-paginated on (occurred_at, id), descending: a cursor names the last row
// shown, and the next page starts strictly after it, so rows written meanwhile (which sort
// first) never shift a page and a row is never shown twice or skipped. Many rows share an
// occurred_at (one transaction's rows share its time), so the id breaks the tie. Each filter
// has an index in this order (migration 20261208000100).
//
// Only a manager (or the operator) reads the log: the page checks that first; these refuse
// anyone else again, as a programming error.
import type { Knex } from 'knex';
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../lib/spreadsheet.ts';
import type { ServiceContext } from '../service-context.ts';
import { tenantRows, withTenant } from '../tenancy/tenant-transaction.ts';
import type { AuditJson } from './sanitise.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../http/keyset-cursor.ts';

export interface AuditFilter {
  staffId?: string;
  /** The subject's id (a client's, mostly), whatever its kind. */
  subjectId?: string;
  action?: string;
  /** From this instant on (inclusive). */
  from?: Date;
  /** Before this instant (exclusive): a range of days is [first day's start, the day after's start). */
  to?: Date;
}

export interface AuditRow {
  id: string;
  occurredAt: Date;
  actor: { kind: 'staff' | 'operator' | 'client'; id: string | null; role: 'clerk' | 'manager' | null };
  action: string;
  subject: { kind: string; id: string };
  changes: { [field: string]: AuditJson } | null;
  requestId: string;
  ip: string | null;
}

/** Where a page ends: the last row shown. */
export interface AuditCursor {
  occurredAt: Date;
  id: string;
}

export interface AuditPage {
  rows: AuditRow[];
  /** The cursor of the next page; undefined on the last. */
  next: AuditCursor | undefined;
}

export const MAX_AUDIT_PAGE = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor for a URL (platform/http/keyset-cursor.ts). */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return encodeKeysetCursor({ at: cursor.occurredAt, id: cursor.id });
}

/** The cursor a URL carries, or undefined for anything that is not one (the page then starts afresh). */
export function decodeAuditCursor(text: string): AuditCursor | undefined {
  const cursor = decodeKeysetCursor(text);
  return cursor && { occurredAt: cursor.at, id: cursor.id };
}

function assertMayBrowse(context: ServiceContext): void {
  const { actor } = context;
  if (actor.kind === 'operator' || (actor.kind === 'staff' && actor.role === 'manager')) return;
  throw new Error(`only a manager reads the audit log, not a ${actor.kind === 'staff' ? actor.role : actor.kind}`);
}

function assertFilter(filter: AuditFilter): void {
  for (const id of [filter.staffId, filter.subjectId]) {
    if (id !== undefined && !UUID.test(id)) throw new RangeError('an audit filter names staff and subjects by id');
  }
}

interface AuditRecord {
  id: string;
  occurred_at: Date;
  actor_kind: AuditRow['actor']['kind'];
  actor_id: string | null;
  actor_role: AuditRow['actor']['role'];
  action: string;
  subject_kind: string;
  subject_id: string;
  changes: AuditRow['changes'];
  request_id: string;
  ip: string | null;
}

const rowOf = (record: AuditRecord): AuditRow => ({
  id: record.id,
  occurredAt: record.occurred_at,
  actor: { kind: record.actor_kind, id: record.actor_id, role: record.actor_role },
  action: record.action,
  subject: { kind: record.subject_kind, id: record.subject_id },
  changes: record.changes,
  requestId: record.request_id,
  ip: record.ip,
});

/** One page in a transaction of the tenant's. */
function readPage(
  trx: Knex.Transaction,
  filter: AuditFilter,
  after: AuditCursor | undefined,
  count: number,
): Promise<AuditRecord[]> {
  const query = tenantRows(trx, 'audit_log').select(
    'id',
    'occurred_at',
    'actor_kind',
    'actor_id',
    'actor_role',
    'action',
    'subject_kind',
    'subject_id',
    'changes',
    'request_id',
    trx.raw('host(ip) AS ip'),
  );
  if (filter.staffId !== undefined) query.where({ actor_kind: 'staff', actor_id: filter.staffId });
  if (filter.subjectId !== undefined) query.where({ subject_id: filter.subjectId });
  if (filter.action !== undefined) query.where({ action: filter.action });
  if (filter.from !== undefined) query.where('occurred_at', '>=', filter.from);
  if (filter.to !== undefined) query.where('occurred_at', '<', filter.to);
  if (after) query.whereRaw('(occurred_at, id) < (?::timestamptz, ?::uuid)', [after.occurredAt, after.id]);
  return query
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(count);
}

/** A page of the tenant's audit log, newest first, after the cursor if one is given. */
export async function auditPage(
  deps: { db: Knex },
  context: ServiceContext,
  filter: AuditFilter,
  after: AuditCursor | undefined,
  limit: number,
): Promise<AuditPage> {
  assertMayBrowse(context);
  assertFilter(filter);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    throw new RangeError(`an audit page holds 1 to ${MAX_AUDIT_PAGE} rows`);
  }
  // One row more than shown says whether there is a next page.
  const records = await withTenant(deps.db, context.tenant.id, (trx) => readPage(trx, filter, after, limit + 1));
  const rows = records.slice(0, limit).map(rowOf);
  const last = rows.at(-1);
  return { rows, next: records.length > limit && last ? { occurredAt: last.occurredAt, id: last.id } : undefined };
}

/** The CSV's columns, in order; the page gives their headings in the reader's language. */
export const AUDIT_CSV_COLUMNS = [
  'occurredAt',
  'actorKind',
  'actorId',
  'actorRole',
  'action',
  'subjectKind',
  'subjectId',
  'changes',
  'requestId',
  'ip',
] as const;

export type AuditCsvHeader = Readonly<Record<(typeof AUDIT_CSV_COLUMNS)[number], string>>;

/** A row's cells, each one a spreadsheet shows as text (lib/spreadsheet.ts). */
export function auditCsvCells(row: AuditRow): string[] {
  const cells = [
    row.occurredAt.toISOString(),
    row.actor.kind,
    row.actor.id ?? '',
    row.actor.role ?? '',
    row.action,
    row.subject.kind,
    row.subject.id,
    row.changes === null ? '' : JSON.stringify(row.changes),
    row.requestId,
    row.ip ?? '',
  ];
  return cells.map(neutraliseFormula);
}

/**
 * The whole selection as CSV, newest first: the header (with a UTF-8 BOM, so spreadsheets
 * read Polish and Czech letters), then one chunk per batch of rows, each read in a short
 * transaction of its own and continued by keyset, so a large export holds no transaction open
 * while the file goes out. Rows written during the export are newer than its first row and
 * not in it.
 */
export async function* auditCsv(
  deps: { db: Knex },
  context: ServiceContext,
  filter: AuditFilter,
  header: AuditCsvHeader,
): AsyncGenerator<string> {
  yield stringify([AUDIT_CSV_COLUMNS.map((column) => neutraliseFormula(header[column]))], { bom: true });
  let after: AuditCursor | undefined;
  do {
    const page = await auditPage(deps, context, filter, after, MAX_AUDIT_PAGE);
    if (page.rows.length > 0) yield stringify(page.rows.map(auditCsvCells));
    after = page.next;
  } while (after);
}
