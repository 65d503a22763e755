// A city card carries no season passes (issue #23): its tickets are the operator's ticketing
// system's, sold at the handover as loads (city/ticketing/), so the counter's page of an active
// city card offers no pass and no entry, and a pass sold on one anyway, by a form kept from a
// Client Card's page or a type of the catalogue, is refused without a charge.
import { describe, expect, it } from 'vitest';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { sellPass } from '../../src/features/cards/passes/pass-steps.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { formsIn } from '../support/forms.ts';
import { cardPath, cityOperator, deps, entriesOf, handOver, periodTicket, readyCard } from './city-handover-support.ts';

const db = useTestDatabase();

describe('a city card', () => {
  it('is offered no season pass at the counter, and one sold anyway is refused without a charge', async () => {
    const centre = await cityOperator(db.current);
    const passType = await periodTicket(db.current, centre);
    const cardId = await readyCard(db.current, centre);
    expect((await handOver(centre, cardId)).status).toBe(303);

    const page = (await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text;
    const actions = formsIn(page).map((form) => form.action);
    expect(actions.some((action) => action.endsWith('/passes') || action.endsWith('/entries'))).toBe(false);

    const context = {
      tenant: centre.tenant,
      actor: { kind: 'staff', staffId: centre.clerk.id, role: 'clerk' },
      requestId: 'city-card-passes',
    } as const;
    const { sale, card } = await withTenant(db.current.app, centre.tenant.id, async (trx) => {
      const card = (await cardById(trx, cardId))!;
      const paid = { source: 'cash', receiptNumber: 'KP/P/1', title: 'Gotówka' } as const;
      const sale = await sellPass(trx, deps, context, {
        card,
        cardType: centre.cardType,
        passType,
        reduced: false,
        paid,
      });
      return { sale, card };
    });
    expect(sale).toEqual({ kind: 'notOnSale' });
    const charges = card.accountId ? await entriesOf(db.current, centre, card.accountId) : [];
    expect(charges.map((entry) => (entry as Record<string, unknown>).receipt_number)).not.toContain('KP/P/1');
  });
});
