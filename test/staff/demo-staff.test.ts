// The demo staff: a manager and a clerk at every demo tenant, active, their TOTP secrets sealed
// under DATA_KEY so that they open to what the README lists; seeding again changes nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealedBox } from '../../src/platform/crypto/sealed-box.ts';
import { verifyPassword } from '../../src/platform/crypto/password-hash.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { totpSecretContext } from '../../src/features/staff/index.ts';
import { DEMO_TENANTS, seedDemoTenants } from '../../seeds/demo-tenants.ts';
import { DEMO_STAFF, demoStaffEmail, seedDemoStaff } from '../../seeds/demo-staff.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

describe('seedDemoStaff', () => {
  it('gives every demo tenant an active manager and clerk with the listed password and TOTP secret', async () => {
    const dataKey = randomBytes(32);
    await seedDemoTenants(db.current.owner);
    await seedDemoStaff(db.current.owner, { dataKey });
    const box = createSealedBox(dataKey);
    for (const { tenant } of DEMO_TENANTS) {
      const { id } = await db.current.owner('tenants').where({ slug: tenant.slug }).first('id');
      const rows = await withTenant(db.current.owner, asTenantId(id), (trx) => trx('staff').select('*'));
      expect(rows).toHaveLength(DEMO_STAFF.length);
      for (const member of DEMO_STAFF) {
        const row = rows.find((candidate) => candidate.email === demoStaffEmail(member, tenant.slug))!;
        expect(row).toMatchObject({ role: member.role, status: 'active', name: member.name });
        expect(row.totp_enrolled_at).toBeInstanceOf(Date);
        expect(box.open(row.totp_secret_sealed, totpSecretContext(id, row.id))).toBe(member.totpSecret);
        if (tenant.slug === DEMO_TENANTS[0]!.tenant.slug) {
          expect((await verifyPassword(row.password_hash, member.password)).ok).toBe(true);
        }
      }
    }
    const before = await db.current.owner.raw('SELECT count(*)::int AS n FROM staff');
    await seedDemoStaff(db.current.owner, { dataKey });
    expect((await db.current.owner.raw('SELECT count(*)::int AS n FROM staff')).rows).toEqual(before.rows);
  });
});
