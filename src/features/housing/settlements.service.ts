// A media settlement booked (issue #21, source 004): what the premises used of water or heating
// in a period costs `cost`; it paid `advances` with its monthly fees; the difference is charged
// to its maintenance account (due on `dueOn`) or credited back as a refund, and the settlement
// is kept with the entry it produced, in the caller's transaction. A settlement that comes out
// even books no entry.
import type { Knex } from 'knex';
import type { ServiceContext } from '../../platform/service-context.ts';
import { postAllowance, postCharge } from '../money/index.ts';
import { settlementResult, type MediaSettlement } from './housing.types.ts';
import { insertSettlement } from './premises.repo.ts';

const TITLES: Record<MediaSettlement['medium'], string> = {
  water: 'Rozliczenie wody',
  heating: 'Rozliczenie centralnego ogrzewania',
};

export async function bookSettlement(
  trx: Knex.Transaction,
  context: ServiceContext,
  input: { premisesId: string; accountId: string; settlement: Omit<MediaSettlement, 'id'>; dueOn: string },
): Promise<void> {
  const { settlement } = input;
  const result = settlementResult(settlement);
  const title = `${TITLES[settlement.medium]} ${settlement.periodFrom} – ${settlement.periodTo}`;
  const entry =
    result > 0
      ? await postCharge(trx, context, {
          accountId: input.accountId,
          amount: result,
          title: `${title}: dopłata`,
          bookedOn: settlement.settledOn,
          dueOn: input.dueOn,
        })
      : result < 0
        ? await postAllowance(trx, context, {
            accountId: input.accountId,
            amount: -result,
            title: `${title}: zwrot`,
            bookedOn: settlement.settledOn,
          })
        : undefined;
  await insertSettlement(trx, input.premisesId, { ...settlement, entryId: entry?.id ?? null });
}
