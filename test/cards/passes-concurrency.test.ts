// Season passes under requests at once (issue #22): fifty entries and replacements of the same
// card together leave every pass on exactly one card (the new one), the entries recorded exactly
// those the pass lost, on the old card only (the new one waits for its fee); then fifty entries
// at once on a pass of twenty take twenty and refuse thirty, and the count stops at zero.
import { describe, expect, it } from 'vitest';
import { cardCreditFollowUp } from '../../src/features/cards/card.credit.ts';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { sellPass } from '../../src/features/cards/passes/pass-steps.ts';
import { transitionAtCounter } from '../../src/features/cards/desk/card-desk.service.ts';
import { recordEntryAtCounter } from '../../src/features/cards/desk/pass-desk.service.ts';
import { recordCounterPayment } from '../../src/features/money/till/account-page.service.ts';
import type { StaffContext } from '../../src/features/staff/index.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { testOutbox } from '../support/mail.ts';
import { cardRows, clock, sportsCentre, type SportsCentre } from './cards-support.ts';
import { activeCardWithPass, passTypeFor } from './passes-support.ts';

const db = useTestDatabase();

function counterOf(centre: SportsCentre) {
  const outbox = testOutbox(clock);
  const deps = { db: db.current.app, clock, outbox, creditFollowUps: [cardCreditFollowUp({ clock, outbox })] };
  const context: StaffContext = {
    tenant: centre.tenant,
    actor: { kind: 'staff', staffId: centre.clerk.id, role: 'clerk' },
    requestId: 'concurrency',
  };
  return { deps, context };
}

const passRows = (centre: SportsCentre) =>
  withTenant(db.current.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'passes').orderBy('bought_at').select('id', 'card_id', 'state', 'entries_left'),
  );

const entryRows = (centre: SportsCentre, passId: string) =>
  withTenant(db.current.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'pass_entries').where({ pass_id: passId }).select('card_id', 'entries_left'),
  );

describe('season passes under fifty requests at once', () => {
  it('stay on one card through replacements and entries, and never count below zero', async () => {
    const centre = await sportsCentre(db.current);
    const { deps, context } = counterOf(centre);
    const passType = await passTypeFor(db.current.app, centre.tenant, centre.cardType, { entries: 60 });
    const { cardId, passId } = await activeCardWithPass(db.current.app, {
      tenant: centre.tenant,
      cardType: centre.cardType,
      passType,
      clientId: centre.client.id,
      clock,
    });

    // Every tenth request blocks the card and replaces it; the others record an entry.
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        if (index % 10 !== 0) return (await recordEntryAtCounter(deps, context, { cardId, passId })).kind;
        const blocked = await transitionAtCounter(deps, context, { cardId, name: 'block' });
        const replaced = await transitionAtCounter(deps, context, { cardId, name: 'replace' });
        return `${blocked.kind}/${replaced.kind}`;
      }),
    );
    const entered = outcomes.filter((kind) => kind === 'entered').length;
    // One request blocks, one replaces (not always the same one): the others find the card moved.
    expect(outcomes.filter((kind) => kind.startsWith('taken/'))).toHaveLength(1);
    expect(outcomes.filter((kind) => kind.endsWith('/taken'))).toHaveLength(1);
    const cards = await cardRows(db.current, centre.tenant);
    expect(cards.map((card) => card.state)).toEqual(['replaced', 'issued']);
    const [pass] = await passRows(centre);
    expect(pass).toMatchObject({ card_id: cards[1]!.id, state: 'valid', entries_left: 60 - entered });
    const entries = await entryRows(centre, passId);
    expect(entries).toHaveLength(entered);
    expect(new Set(entries.map((entry) => entry.card_id))).toEqual(new Set(entered > 0 ? [cardId] : []));

    // The new card's fee paid at the till makes it active; a pass of twenty entries, fifty at once.
    const newCard = cards[1]!;
    const paid = await recordCounterPayment(deps, context, {
      accountId: newCard.account_id,
      amount: 2_000,
      source: 'cash',
      receiptNumber: 'KP/C/1',
      title: 'Gotówka',
    });
    expect(paid.kind).toBe('recorded');
    expect((await cardRows(db.current, centre.tenant))[1]!.state).toBe('active');
    const twenty = await passTypeFor(db.current.app, centre.tenant, centre.cardType, {
      entries: 20,
      validityDays: null,
    });
    const sold = await withTenant(db.current.app, centre.tenant.id, async (trx) => {
      return sellPass(trx, deps, context, {
        card: (await cardById(trx, newCard.id))!,
        cardType: centre.cardType,
        passType: twenty,
        reduced: false,
        paid: { source: 'cash', receiptNumber: 'KP/C/2', title: 'Gotówka' },
      });
    });
    if (sold.kind !== 'bought') throw new Error(sold.kind);
    const rush = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const outcome = await recordEntryAtCounter(deps, context, { cardId: newCard.id, passId: sold.pass.id });
        return outcome.kind === 'refused' ? outcome.standing : outcome.kind;
      }),
    );
    expect(rush.filter((kind) => kind === 'entered')).toHaveLength(20);
    expect(rush.filter((kind) => kind === 'usedUp')).toHaveLength(30);
    expect((await passRows(centre)).find((row) => row.id === sold.pass.id)).toMatchObject({ entries_left: 0 });
    expect(await entryRows(centre, sold.pass.id)).toHaveLength(20);
  });
});
