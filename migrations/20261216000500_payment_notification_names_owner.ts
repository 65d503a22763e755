import type { Knex } from 'knex';
import { distributeFunctions, hasCitus } from '../src/platform/db/citus.ts';
import { applyFunction } from '../src/platform/db/functions.ts';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// apply_payment_notification also answers whose account a credited intent paid (issue #22: a
// card's activation fee or a season pass paid online is followed up by the cards feature): its
// result becomes a jsonb of the outcome and the owner, a type CREATE OR REPLACE cannot change: dropped and made again in one
// transaction with its grants (only the app role calls it), then made delegated again on Citus
// outside any transaction, as 20261212000200 says why.
export const config = { transaction: false };

const SIGNATURE = 'apply_payment_notification(uuid, text, text, text, bigint, text, boolean, timestamptz, date, text)';

export async function up(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw(`DROP FUNCTION IF EXISTS ${SIGNATURE}`);
    await applyFunction(trx, 'apply_payment_notification');
    await trx.raw(`REVOKE ALL ON FUNCTION ${SIGNATURE} FROM PUBLIC`);
    await trx.raw(`GRANT EXECUTE ON FUNCTION ${SIGNATURE} TO ${APP_ROLE}`);
  });
  if (await hasCitus(knex)) await distributeFunctions(knex);
}

// The definition before this one is in git: the file at 20261212000100's commit.
export async function down(): Promise<void> {}
