// The uploads table's walls (migration 20261214000900): the app role sees and marks only its
// tenant's files, never deletes one or changes its content, and cannot make one of another
// tenant's or of nobody; a file read by its purpose is found only by its owner; the worker,
// which purges them, sees what decides the purge and never the content.
import { describe, expect, it } from 'vitest';
import { defineUploadPurpose } from '../../src/platform/uploads/upload-purpose.ts';
import { markUploadUsed, storeUpload, uploadOf } from '../../src/platform/uploads/uploads.repo.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { CHECK_VIOLATION, expectSqlState, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createActiveStaff } from '../support/staff.ts';

const db = useTestDatabase();
const PURPOSE = defineUploadPurpose({ name: 'wall-test', maxBytes: 100, keepForMs: 1_000, sniff: () => 'text/plain' });
const OTHER_PURPOSE = defineUploadPurpose({
  name: 'other-test',
  maxBytes: 100,
  keepForMs: 1_000,
  sniff: () => 'text/plain',
});

async function twoTenantsWithAFile() {
  const [a, b] = await Promise.all([createTenant(db.current.owner), createTenant(db.current.owner)]);
  const tenantA = asTenantId(a.id);
  const tenantB = asTenantId(b.id);
  const owner = await createActiveStaff(db.current.app, tenantA, { role: 'manager' });
  const other = await createActiveStaff(db.current.app, tenantA, { role: 'manager' });
  const id = await withTenant(db.current.app, tenantA, (trx) =>
    storeUpload(trx, PURPOSE, {
      owner: { kind: 'staff', staffId: owner.id },
      fileName: 'a.csv',
      mediaType: 'text/csv',
      content: Buffer.from('id;kwota\r\n'),
      now: new Date(),
    }),
  );
  return { tenantA, tenantB, owner, other, id };
}

describe('the uploads table', () => {
  it('shows a tenant only its own files, by purpose and owner', async () => {
    const { tenantA, tenantB, owner, other, id } = await twoTenantsWithAFile();
    const asOwner = { kind: 'staff', staffId: owner.id } as const;
    const found = await withTenant(db.current.app, tenantA, async (trx) => ({
      mine: await uploadOf(trx, PURPOSE, id, asOwner),
      another: await uploadOf(trx, PURPOSE, id, { kind: 'staff', staffId: other.id }),
      otherPurpose: await uploadOf(trx, OTHER_PURPOSE, id, asOwner),
    }));
    expect(found.mine).toMatchObject({ id, fileName: 'a.csv', size: 10, usedAt: null });
    expect([found.another, found.otherPurpose]).toEqual([undefined, undefined]);
    const fromB = await withTenant(db.current.app, tenantB, async (trx) => ({
      read: await trx('uploads').where({ id }).select('id'),
      marked: await trx('uploads').where({ id }).update({ used_at: new Date() }),
    }));
    expect(fromB).toEqual({ read: [], marked: 0 });
  });

  it('lets the app role mark a file used, and neither delete it nor change its content', async () => {
    const { tenantA, id } = await twoTenantsWithAFile();
    await withTenant(db.current.app, tenantA, (trx) =>
      markUploadUsed(trx, PURPOSE, id, { outcome: { rows: 1 }, now: new Date() }),
    );
    const as = (sql: string, bindings: string[] = []) =>
      withTenant(db.current.app, tenantA, (trx) => trx.raw(sql, bindings));
    await expectSqlState(as('DELETE FROM uploads WHERE id = ?', [id]), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(as("UPDATE uploads SET content = 'x' WHERE id = ?", [id]), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(as("UPDATE uploads SET purpose = 'other-test' WHERE id = ?", [id]), INSUFFICIENT_PRIVILEGE);
    const row = await withTenant(db.current.app, tenantA, (trx) =>
      trx('uploads').where({ id }).first('outcome', 'used_at'),
    );
    expect(row.outcome).toEqual({ rows: 1 });
    expect(row.used_at).toBeInstanceOf(Date);
  });

  it('refuses a file of another tenant, of nobody, or of a size it has not', async () => {
    const { tenantA, tenantB, owner } = await twoTenantsWithAFile();
    const insert = (values: Record<string, unknown>) =>
      withTenant(db.current.app, tenantA, (trx) =>
        trx('uploads').insert({
          purpose: 'wall-test',
          media_type: 'text/csv',
          size: 1,
          content: Buffer.from('x'),
          created_at: new Date(),
          staff_id: owner.id,
          ...values,
        }),
      );
    await expectSqlState(insert({ tenant_id: tenantB }), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(insert({ staff_id: null }), CHECK_VIOLATION);
    await expectSqlState(insert({ size: 2 }), CHECK_VIOLATION);
  });

  it('shows the worker what decides the purge, never the content', async () => {
    const { tenantA, id } = await twoTenantsWithAFile();
    const seen = await db.current.worker('uploads').where({ id }).select('tenant_id', 'purpose', 'created_at');
    expect(seen).toEqual([{ tenant_id: tenantA, purpose: 'wall-test', created_at: expect.any(Date) }]);
    await expectSqlState(db.current.worker('uploads').where({ id }).select('content'), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(db.current.worker('uploads').where({ id }).select('staff_id'), INSUFFICIENT_PRIVILEGE);
  });
});
