// The worker deletes staff links a day after they were used, or once expired, as it does the
// clients' links: with its own role, which sees nothing else of staff.
import { describe, expect, it } from 'vitest';
import { pruneStaffTokens } from '../../src/features/staff/purges.ts';
import { issueStaffToken } from '../../src/features/staff/staff-tokens.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createActiveStaff } from '../support/staff.ts';

const db = useTestDatabase();
const HOUR = 3_600_000;

describe('the staff links purge', () => {
  it('deletes expired links and those used more than a day ago, and keeps the rest', async () => {
    const created = await createTenant(db.current.owner);
    const tenantId = asTenantId(created.id);
    const now = new Date('2026-12-08T12:00:00Z');
    const members = await Promise.all([1, 2, 3, 4].map(() => createActiveStaff(db.current.app, tenantId)));
    const [expired, usedLongAgo, usedRecently, open] = members.map((member) => member.id) as [
      string,
      string,
      string,
      string,
    ];
    await withTenant(db.current.app, tenantId, async (trx) => {
      const issue = (staffId: string, at: Date, lifetimeMs: number) =>
        issueStaffToken(trx, { staffId, purpose: 'password_reset', lifetimeMs, now: at });
      await issue(expired, new Date(now.getTime() - 48 * HOUR), 24 * HOUR);
      await issue(usedLongAgo, new Date(now.getTime() - 30 * HOUR), 48 * HOUR);
      await issue(usedRecently, new Date(now.getTime() - 2 * HOUR), 24 * HOUR);
      await issue(open, new Date(now.getTime() - HOUR), 24 * HOUR);
      await trx('staff_tokens')
        .where({ staff_id: usedLongAgo })
        .update({ used_at: new Date(now.getTime() - 25 * HOUR) });
      await trx('staff_tokens')
        .where({ staff_id: usedRecently })
        .update({ used_at: new Date(now.getTime() - HOUR) });
    });

    expect(await pruneStaffTokens(db.current.worker, now)).toBe(2);
    const left = await withTenant(db.current.app, tenantId, (trx) => trx('staff_tokens').pluck('staff_id'));
    expect(left.sort()).toEqual([usedRecently, open].sort());
  });
});
