// Media settlements (issue #21, source 004): booked, the result is charged or refunded on the
// premises' maintenance account, and the resident's overview lists the latest with what was
// used, the advances, the cost and the result; one settled before the resident's right began
// is not theirs to see.
import { describe, expect, it } from 'vitest';
import { bookSettlement } from '../../src/features/housing/settlements.service.ts';
import { balanceAsOf } from '../../src/features/money/index.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { cooperative, formerResident } from './housing-support.ts';

const db = useTestDatabase();

describe('media settlements', () => {
  it('charge or refund the difference, and the overview lists them for the right holder', async () => {
    const coop = await cooperative(db.current);
    const context = {
      tenant: { id: coop.tenant.id } as Tenant,
      actor: { kind: 'system' as const, job: 't' },
      requestId: 't',
    };
    const accountId = coop.flat.accounts.maintenance.id;
    const before = await withTenant(db.current.app, coop.tenant.id, (trx) => balanceAsOf(trx, accountId, '2026-12-31'));
    await withTenant(db.current.app, coop.tenant.id, async (trx) => {
      const base = { premisesId: coop.flat.id, accountId, dueOn: '2026-12-20' };
      await bookSettlement(trx, context, {
        ...base,
        settlement: {
          medium: 'water',
          periodFrom: '2025-01-01',
          periodTo: '2025-12-31',
          consumptionThousandths: 142_350,
          unit: 'm3',
          advances: 162_000,
          cost: 170_640,
          settledOn: '2026-02-15',
        },
      });
      await bookSettlement(trx, context, {
        ...base,
        settlement: {
          medium: 'heating',
          periodFrom: '2025-09-01',
          periodTo: '2026-08-31',
          consumptionThousandths: 41_800,
          unit: 'GJ',
          advances: 182_004,
          cost: 167_684,
          settledOn: '2026-09-15',
        },
      });
    });
    const after = await withTenant(db.current.app, coop.tenant.id, (trx) => balanceAsOf(trx, accountId, '2026-12-31'));
    expect(after - before).toBe(8_640 - 14_320);

    const page = visibleText((await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200)).text);
    expect(page).toContain('Ostatnie rozliczenia');
    expect(page).toMatch(
      /centralne ogrzewanie, od 1 września 2025 do 31 sierpnia 2026 Zużycie 41,8 GJ Wpłacone zaliczki 1\s820,04 zł Koszt 1\s676,84 zł Wynik zwrot 143,20 zł/,
    );
    expect(page).toContain('woda, od 1 stycznia 2025 do 31 grudnia 2025 Zużycie 142,35 m³');
    expect(page).toContain('Wynik do dopłaty 86,40 zł');

    // A resident whose right began in March sees only what was settled since.
    const former = await formerResident(db.current, coop);
    const theirs = visibleText((await former.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200)).text);
    expect(theirs).not.toContain('Ostatnie rozliczenia');
  });
});
