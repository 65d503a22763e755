// Members of staff for request tests: active, with a known password and (unless asked not to)
// a TOTP secret sealed under the test data key, as the demo seeds make them; and a staff
// session minted straight into the store, for tests about what comes after signing in.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { newTotpSecret } from '../../src/platform/crypto/totp.ts';
import { createSealedBox } from '../../src/platform/crypto/sealed-box.ts';
import { hashPassword } from '../../src/platform/crypto/password-hash.ts';
import { controllableClock, type Clock } from '../../src/lib/clock.ts';
import { mintSignedInSession } from '../../src/platform/sessions/mint-session.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { insertStaffMember, totpSecretContext, type StaffRole } from '../../src/features/staff/index.ts';
import { TEST_DATA_KEY } from './mail.ts';
import { TEST_SESSION_SECRET } from './app.ts';

export const STAFF_PASSWORD = 'a long staff passphrase 2026';

export interface TestStaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password: string;
  totpSecret: string;
}

let counter = 0;
// argon2 takes tens of milliseconds: every member shares one hash of STAFF_PASSWORD per process.
let sharedHash: Promise<string> | undefined;

/** An active member of staff; enrolled in TOTP unless `enrolled: false`. */
export async function createActiveStaff(
  db: Knex,
  tenantId: string,
  { role = 'clerk', enrolled = true }: { role?: StaffRole; enrolled?: boolean } = {},
): Promise<TestStaffMember> {
  counter += 1;
  const id = randomUUID();
  const member = {
    id,
    email: `staff${counter}-${id.slice(0, 8)}@example.org`,
    name: `Ewa Pracownica${counter}`,
    role,
    password: STAFF_PASSWORD,
    totpSecret: newTotpSecret(),
  };
  const passwordHash = await (sharedHash ??= hashPassword(STAFF_PASSWORD));
  const sealed = createSealedBox(TEST_DATA_KEY).seal(member.totpSecret, totpSecretContext(tenantId, id));
  await withTenant(db, asTenantId(tenantId), async (trx) => {
    await insertStaffMember(
      trx,
      { id, email: member.email, name: member.name, role, createdAt: new Date() },
      { passwordHash, totpSecretSealed: sealed },
    );
    if (!enrolled) {
      await trx('staff').where({ id }).update({ totp_secret_sealed: null, totp_enrolled_at: null });
    }
  });
  return member;
}

/** The Cookie header of a signed-in staff session, as the sign-in would leave it. */
export async function mintStaffSession(
  db: Knex,
  tenant: Tenant,
  member: Pick<TestStaffMember, 'id' | 'name'>,
  clock: Clock = controllableClock(new Date()),
): Promise<string> {
  const session = await mintSignedInSession({
    db,
    tenant,
    user: { id: member.id, name: member.name, kind: 'staff' },
    secret: TEST_SESSION_SECRET,
    clock,
  });
  return session.cookie;
}
