// A client of the demo sports centre holding what the card's page shows at its fullest, written
// through the same steps the portal and the counter take (issue #22): the Client Card applied
// for and its fee paid at the till (active), a season pass bought and paid (valid, one entry
// recorded at the counter), an entitlement recorded, and a reduced-price pass bought and not yet
// paid (its Pay link and cancel button). The pass type is the demo catalogue's pool month, which
// the harness seeds with the card type.
import { expect } from 'vitest';
import { cardCreditFollowUp } from '../../../src/features/cards/card.credit.ts';
import { cardTypeByCode } from '../../../src/features/cards/card-types.repo.ts';
import { openCardOf } from '../../../src/features/cards/cards.repo.ts';
import { insertEntitlement } from '../../../src/features/cards/passes/entitlements.repo.ts';
import { recordEntry, sellPass } from '../../../src/features/cards/passes/pass-steps.ts';
import { passTypeByCode } from '../../../src/features/cards/passes/pass-types.repo.ts';
import { passesOnCard } from '../../../src/features/cards/passes/passes.repo.ts';
import { startCard } from '../../../src/features/cards/transitions.ts';
import { balanceAsOf, postPayment } from '../../../src/features/money/index.ts';
import { systemClock } from '../../../src/lib/clock.ts';
import { calendarDayAfter, calendarDayIn } from '../../../src/lib/zoned-date.ts';
import type { ServiceContext } from '../../../src/platform/service-context.ts';
import { asTenantId, withTenant } from '../../../src/platform/tenancy/tenant-transaction.ts';
import { testOutbox } from '../../support/mail.ts';
import { createActiveStaff } from '../../support/staff.ts';
import { demoTenant } from './accounts.ts';
import type { BrowserApp } from './harness.ts';

/** The demo catalogue's pass of days with a reduced price for students. */
const POOL_CODE = 'basen-miesieczny';

export async function clientCardWithPasses(e2e: BrowserApp, slug: string, clientId: string): Promise<void> {
  const tenant = demoTenant(e2e, slug);
  const clerk = await createActiveStaff(e2e.db.app, tenant.id, { role: 'clerk' });
  const deps = { clock: systemClock, outbox: testOutbox(systemClock) };
  const asClient: ServiceContext = { tenant, actor: { kind: 'client', clientId }, requestId: 'e2e' };
  const atCounter = { tenant, actor: { kind: 'staff', staffId: clerk.id, role: 'clerk' }, requestId: 'e2e' } as const;
  const today = calendarDayIn(tenant.timeZone, systemClock.now());
  await withTenant(e2e.db.app, asTenantId(tenant.id), async (trx) => {
    const cardType = (await cardTypeByCode(trx, 'karta-klienta'))!;
    const passType = (await passTypeByCode(trx, POOL_CODE))!;
    const card = async () => (await openCardOf(trx, clientId, cardType.id))!;
    /** What is owed on the card paid at the till, and followed up as the till follows it up. */
    const payAtTill = async () => {
      const { id, accountId } = await card();
      const amount = await balanceAsOf(trx, accountId!, '9999-12-31');
      await postPayment(trx, atCounter, {
        accountId: accountId!,
        amount,
        currency: cardType.currency,
        bookedOn: today,
        title: cardType.name,
        source: 'cash',
      });
      await cardCreditFollowUp(deps).credited(trx, atCounter, id);
    };
    await startCard(trx, deps, asClient, clientId, cardType);
    await payAtTill();
    await sellPass(trx, deps, asClient, { card: await card(), cardType, passType, reduced: false });
    await payAtTill();
    const [valid] = await passesOnCard(trx, (await card()).id);
    await recordEntry(trx, deps, atCounter, { cardId: valid!.cardId, pass: valid! });
    await insertEntitlement(trx, {
      clientId,
      kind: passType.reducedFor!,
      validUntil: calendarDayAfter(today, 365),
      staffId: clerk.id,
      now: systemClock.now(),
    });
    await sellPass(trx, deps, asClient, {
      card: await card(),
      cardType,
      passType,
      reduced: true,
    });
    const passes = await passesOnCard(trx, (await card()).id);
    expect([(await card()).state, ...passes.map((pass) => pass.state)]).toEqual(['active', 'unpaid', 'valid']);
  });
}
