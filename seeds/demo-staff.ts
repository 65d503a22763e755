// Development only: every demo tenant gets a manager and a clerk, active, with a known password
// and a known TOTP secret already enrolled, so the staff pages can be tried at once
// (`oathtool --totp -b SECRET` prints the current code). The secrets are fixed here because they
// are demo data; they are sealed under DATA_KEY as any real one is. README, "Demo tenants",
// lists them. Idempotent: a demo member of staff already there is left as they are.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { asTenantId, tenantRows, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { createSealedBox } from '../src/platform/crypto/sealed-box.ts';
import { hashPassword } from '../src/platform/crypto/password-hash.ts';
import { insertStaffMember, totpSecretContext, type StaffRole } from '../src/features/staff/index.ts';
import { DEMO_TENANTS } from './demo-tenants.ts';

export interface DemoStaffMember {
  role: StaffRole;
  /** The e-mail's local part; the domain is the tenant's slug under example.pl. */
  mailbox: string;
  name: string;
  password: string;
  /** Base32, as an authenticator app takes it. */
  totpSecret: string;
}

export const DEMO_STAFF: readonly DemoStaffMember[] = [
  {
    role: 'manager',
    mailbox: 'kierownik',
    name: 'Barbara Wiśniewska',
    password: 'Zarzadzam-Okienkiem-2026',
    totpSecret: 'L4U7AWU46SQ2IML3CC7EJG7NUQ5TZYGC',
  },
  {
    role: 'clerk',
    mailbox: 'okienko',
    name: 'Tomasz Lewandowski',
    password: 'Przy-Ladzie-Od-Rana-7',
    totpSecret: 'EU47TO5HYWKBR5MENH4A6LKKMXHWHIZH',
  },
];

export const demoStaffEmail = (member: DemoStaffMember, slug: string): string => `${member.mailbox}@${slug}.example.pl`;

export async function seedDemoStaff(owner: Knex, { dataKey }: { dataKey: Buffer }): Promise<void> {
  const box = createSealedBox(dataKey);
  for (const { tenant: demo } of DEMO_TENANTS) {
    const tenant = await owner('tenants').where({ slug: demo.slug }).first('id');
    if (!tenant) continue;
    const tenantId = asTenantId(tenant.id as string);
    const present = await withTenant(owner, tenantId, async (trx) =>
      (await tenantRows(trx, 'staff').select('email_key')).map((row) => row.email_key as string),
    );
    for (const member of DEMO_STAFF) {
      const email = demoStaffEmail(member, demo.slug);
      if (present.includes(email)) continue;
      const passwordHash = await hashPassword(member.password);
      await withTenant(owner, tenantId, async (trx) => {
        const id = randomUUID();
        await insertStaffMember(
          trx,
          { id, email, name: member.name, role: member.role, createdAt: new Date() },
          { passwordHash, totpSecretSealed: box.seal(member.totpSecret, totpSecretContext(tenantId, id)) },
        );
      });
    }
  }
}
