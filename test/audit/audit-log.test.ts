// The audit log's services on a real database: recordAudit writes one row with the action's
// transaction and none without it, keeps no PESEL, and managers page through the log by keyset,
// filter it and export it as CSV a spreadsheet cannot run.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePesel } from '../../src/lib/pesel.ts';
import {
  AUDIT_CSV_COLUMNS,
  auditCsv,
  auditPage,
  decodeAuditCursor,
  encodeAuditCursor,
  type AuditCsvHeader,
  type AuditCursor,
  type AuditFilter,
  type AuditRow,
} from '../../src/platform/audit/browse.ts';
import { recordAudit, type AuditContext, type AuditEntry } from '../../src/platform/audit/record.ts';
import type { Actor, ServiceContext } from '../../src/platform/service-context.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase();

const staff = (role: 'clerk' | 'manager'): Actor => ({ kind: 'staff', staffId: crypto.randomUUID(), role });
const clerk = staff('clerk');
const manager = staff('manager');
const asClerk: AuditContext = { actor: clerk, requestId: 'req-1', ip: '203.0.113.7' };

/** Only the tenant's id is read by the audit services. */
const contextOf = (tenant: TenantId, actor: Actor = manager): ServiceContext => ({
  tenant: { id: tenant } as unknown as Tenant,
  actor,
  requestId: 'browse',
});

const viewed = (clientId: string = crypto.randomUUID()): AuditEntry => ({
  action: 'client.viewed',
  subject: { kind: 'client', id: clientId },
});

async function newTenant(): Promise<TenantId> {
  return (await createTenant(db.current.owner)).id;
}

const record = (tenant: TenantId, entries: AuditEntry[], context: AuditContext = asClerk) =>
  withTenant(db.current.app, tenant, async (trx) => {
    for (const entry of entries) await recordAudit(trx, context, entry);
  });

const storedRows = (tenant: TenantId) =>
  withTenant(db.current.owner, tenant, (trx) =>
    trx('audit_log').select('*', trx.raw('host(ip) AS host'), trx.raw('changes::text AS changes_text')),
  );

/** Every row of a selection, page by page. */
async function allPages(tenant: TenantId, filter: AuditFilter, limit: number): Promise<AuditRow[][]> {
  const pages: AuditRow[][] = [];
  let after: AuditCursor | undefined;
  do {
    const page = await auditPage({ db: db.current.app }, contextOf(tenant), filter, after, limit);
    pages.push(page.rows);
    after = page.next;
  } while (after);
  return pages;
}

describe('recordAudit', () => {
  it('writes exactly one row with a committed transaction: who, what, to what, from where', async () => {
    const tenant = await newTenant();
    const clientId = crypto.randomUUID();
    await record(tenant, [
      {
        action: 'client.email_changed',
        subject: { kind: 'client', id: clientId },
        changes: { email: ['old@example.test', 'new@example.test'] },
      },
    ]);
    const rows = await storedRows(tenant);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: tenant,
      actor_kind: 'staff',
      actor_id: clerk.kind === 'staff' ? clerk.staffId : '',
      actor_role: 'clerk',
      action: 'client.email_changed',
      subject_kind: 'client',
      subject_id: clientId,
      changes: { email: ['old@example.test', 'new@example.test'] },
      request_id: 'req-1',
      host: '203.0.113.7',
    });
    expect(rows[0].occurred_at).toBeInstanceOf(Date);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const tenant = await newTenant();
    const failure = new Error('the change failed');
    await expect(
      withTenant(db.current.app, tenant, async (trx) => {
        await recordAudit(trx, asClerk, viewed());
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await storedRows(tenant)).toEqual([]);
  });

  it('records the operator and a client acting for themselves; refuses a visitor and a job', async () => {
    const tenant = await newTenant();
    const clientId = crypto.randomUUID();
    await record(tenant, [viewed()], { actor: { kind: 'operator' }, requestId: 'cli' });
    await record(tenant, [viewed(clientId)], { actor: { kind: 'client', clientId }, requestId: 'own' });
    const rows = await storedRows(tenant);
    expect(rows.map((row) => [row.actor_kind, row.actor_id, row.actor_role]).sort()).toEqual([
      ['client', clientId, null],
      ['operator', null, null],
    ]);
    for (const actor of [{ kind: 'visitor' }, { kind: 'system', job: 'purges' }] as const) {
      await expect(record(tenant, [viewed()], { actor, requestId: 'x' })).rejects.toThrow(/records people/);
    }
    expect(await storedRows(tenant)).toHaveLength(2);
  });

  it('drops secrets from the changes and keeps an address only if it is one', async () => {
    const tenant = await newTenant();
    await record(
      tenant,
      [
        {
          action: 'client.updated',
          subject: { kind: 'client', id: crypto.randomUUID() },
          changes: {
            password: ['old secret', 'new secret'],
            passwordHash: ['$argon2id$a', '$argon2id$b'],
            national_id_sealed: ['x', 'y'],
            national_id_index: ['x', 'y'],
            token: ['t1', 't2'],
            phone: ['+48 600 700 800', '+48 600 700 801'],
            address: [{ street: 'Polna 1', secret: 's' }, null],
          },
        },
        {
          action: 'client.password_reset',
          subject: { kind: 'client', id: crypto.randomUUID() },
          changes: { token: [1, 2] },
        },
      ],
      { ...asClerk, ip: 'not an address' },
    );
    const rows = await storedRows(tenant);
    const byAction = Object.fromEntries(rows.map((row) => [row.action, row]));
    expect(byAction['client.updated'].changes).toEqual({
      phone: ['+48 600 700 800', '+48 600 700 801'],
      address: [{ street: 'Polna 1' }, null],
    });
    // Nothing left to keep: the action says what happened.
    expect(byAction['client.password_reset'].changes).toBeNull();
    expect(rows.map((row) => row.host)).toEqual([null, null]);
  });

  it('stores no run of eleven digits, whatever 1,000 entries hold; a valid PESEL shows masked', async () => {
    const tenant = await newTenant();
    const pesel = fc
      .record({
        year: fc.integer({ min: 1800, max: 2299 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        serial: fc.integer({ min: 0, max: 9999 }),
      })
      .map(makePesel);
    const text = fc
      .array(fc.oneof(fc.string(), pesel, fc.stringMatching(/^[0-9]{1,30}$/), fc.constantFrom(' ', '-', 'PESEL:')), {
        maxLength: 6,
      })
      .map((parts) => parts.join(''));
    const value = fc.oneof(
      text,
      fc.integer(),
      fc.maxSafeNat(),
      fc.constant(null),
      fc.array(text, { maxLength: 3 }),
      fc.dictionary(text, text, { maxKeys: 3 }),
    );
    const entries = fc.sample(
      fc.record({
        field: text,
        before: value,
        after: value,
        requestId: fc.oneof(
          fc.uuid(),
          pesel.map((number) => `req-${number}`),
        ),
      }),
      { numRuns: 1_000, seed: 18 },
    );
    const shown = makePesel({ year: 1944, month: 5, day: 14, serial: 135 });
    entries.push({ field: 'note', before: '', after: `PESEL ${shown} checked`, requestId: 'known' });
    for (let start = 0; start < entries.length; start += 100) {
      await withTenant(db.current.app, tenant, async (trx) => {
        for (const entry of entries.slice(start, start + 100)) {
          await recordAudit(
            trx,
            { ...asClerk, requestId: entry.requestId },
            { ...viewed(), changes: { [entry.field]: [entry.before, entry.after] } },
          );
        }
      });
    }
    const rows = await storedRows(tenant);
    expect(rows).toHaveLength(1_001);
    const eleven = /\p{Nd}{11}/u;
    expect(rows.filter((row) => eleven.test(row.changes_text) || eleven.test(row.request_id))).toEqual([]);
    expect(rows.find((row) => row.request_id === 'known').changes).toEqual({
      note: ['', `PESEL PESEL(1944-05-14, …${shown.slice(-2)}) checked`],
    });
  });
});

describe('auditPage', () => {
  it('returns every row once, newest first, through pages that split rows of one instant', async () => {
    const tenant = await newTenant();
    // Three transactions of seven rows: each seven share their transaction's time.
    for (let batch = 0; batch < 3; batch++)
      await record(
        tenant,
        Array.from({ length: 7 }, () => viewed()),
      );
    const stored = await storedRows(tenant);
    const expected = [...stored]
      .sort((a, b) => b.occurred_at.getTime() - a.occurred_at.getTime() || (a.id < b.id ? 1 : -1))
      .map((row) => row.id);
    expect(new Set(stored.map((row) => row.occurred_at.getTime())).size).toBeLessThan(stored.length);

    const pages = await allPages(tenant, {}, 4);
    expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 1]);
    expect(pages.flat().map((row) => row.id)).toEqual(expected);
  });

  it('ends with no next cursor when the last page is exactly full', async () => {
    const tenant = await newTenant();
    await record(
      tenant,
      Array.from({ length: 4 }, () => viewed()),
    );
    const pages = await allPages(tenant, {}, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2]);
  });

  it('filters by staff member, subject, action and a time range, within the tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const anna = crypto.randomUUID();
    const jan = crypto.randomUUID();
    const client = crypto.randomUUID();
    const at = (iso: string, staffId: string, action: string, subjectId: string) => ({
      occurred_at: new Date(iso),
      actor_kind: 'staff',
      actor_id: staffId,
      actor_role: 'clerk',
      action,
      subject_kind: 'client',
      subject_id: subjectId,
      request_id: iso,
    });
    // The owner may set the time, as the app may not.
    await withTenant(db.current.owner, tenant, (trx) =>
      trx('audit_log').insert([
        at('2026-03-01T10:00:00Z', anna, 'client.viewed', client),
        at('2026-03-02T10:00:00Z', anna, 'client.email_changed', client),
        at('2026-03-03T10:00:00Z', jan, 'client.viewed', client),
        at('2026-03-04T10:00:00Z', jan, 'client.viewed', crypto.randomUUID()),
      ]),
    );
    await withTenant(db.current.owner, other, (trx) =>
      trx('audit_log').insert(at('2026-03-02T12:00:00Z', anna, 'client.viewed', client)),
    );
    const times = async (filter: AuditFilter) =>
      (await auditPage({ db: db.current.app }, contextOf(tenant), filter, undefined, 10)).rows.map((row) =>
        row.occurredAt.toISOString().slice(0, 10),
      );
    expect(await times({})).toEqual(['2026-03-04', '2026-03-03', '2026-03-02', '2026-03-01']);
    expect(await times({ staffId: anna })).toEqual(['2026-03-02', '2026-03-01']);
    expect(await times({ subjectId: client })).toEqual(['2026-03-03', '2026-03-02', '2026-03-01']);
    expect(await times({ action: 'client.viewed', staffId: jan })).toEqual(['2026-03-04', '2026-03-03']);
    expect(
      await times({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z'), subjectId: client }),
    ).toEqual(['2026-03-03', '2026-03-02']);
    // A staff id that is no one's here finds nothing, and another tenant's rows never show.
    expect(await times({ staffId: crypto.randomUUID() })).toEqual([]);
  });

  it('is a manager’s (or the operator’s) to read, not a clerk’s or a client’s', async () => {
    const tenant = await newTenant();
    const read = (actor: Actor) => auditPage({ db: db.current.app }, contextOf(tenant, actor), {}, undefined, 10);
    await expect(read({ kind: 'operator' })).resolves.toMatchObject({ rows: [] });
    await expect(read(clerk)).rejects.toThrow(/only a manager/);
    await expect(read({ kind: 'client', clientId: crypto.randomUUID() })).rejects.toThrow(/only a manager/);
  });

  it('reads back the cursor it gives, and nothing else', () => {
    const cursor = { occurredAt: new Date('2026-03-01T10:00:00.123Z'), id: crypto.randomUUID() };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor);
    for (const junk of ['', '1_x', `abc_${cursor.id}`, `1_${cursor.id}'--`])
      expect(decodeAuditCursor(junk)).toBeUndefined();
  });
});

describe('auditCsv', () => {
  const header = Object.fromEntries(AUDIT_CSV_COLUMNS.map((column) => [column, column])) as AuditCsvHeader;

  it('exports every row, in batches, with cells a spreadsheet shows as text', async () => {
    const tenant = await newTenant();
    const formulas = ['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    for (const requestId of formulas) {
      await record(tenant, [{ ...viewed(), changes: { note: ['=1+1', '@x'] } }], { ...asClerk, requestId });
    }
    // More than one batch of the export.
    await record(
      tenant,
      Array.from({ length: 520 }, () => viewed()),
    );
    const chunks: string[] = [];
    for await (const chunk of auditCsv({ db: db.current.app }, contextOf(tenant), {}, { ...header, ip: '=ip' })) {
      chunks.push(chunk);
    }
    expect(chunks.length).toBeGreaterThan(2);
    const [head, ...rows] = parse(chunks.join(''), { bom: true }) as string[][];
    expect(head).toEqual([...AUDIT_CSV_COLUMNS.slice(0, -1), "'=ip"]);
    expect(rows).toHaveLength(formulas.length + 520);
    const requestIds = rows.map((row) => row[AUDIT_CSV_COLUMNS.indexOf('requestId')]);
    for (const formula of formulas) expect(requestIds).toContain(`'${formula}`);
    // The changes cell is JSON, which starts with a brace; the values inside it stay as written.
    const changes = rows.map((row) => row[AUDIT_CSV_COLUMNS.indexOf('changes')]).filter((cell) => cell !== '');
    expect(changes).toEqual(formulas.map(() => '{"note":["=1+1","@x"]}'));
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});
