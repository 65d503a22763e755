import type { Knex } from 'knex';
import { applyFunction } from '../src/platform/db/functions.ts';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// Settling, posting a payment and applying a provider's notification move into the database
// (issue #20): a notification was a dozen statements from the application, one round trip each,
// and could not reach the 500 a second asked for (bench/README.md); as one function call it is
// one, and the test provider's verify, which every paid one asks first, one more. The
// allocation rule now lives in settle_account alone, which every posting calls. Only
// the app role may call them (a function is executable by PUBLIC unless revoked, which would
// hand them to the worker role too). On Citus they are made delegated functions by the next
// migration, in a transaction of its own.
const FUNCTIONS = {
  settle_account: '(uuid, uuid)',
  post_payment: '(uuid, uuid, bigint, text, date, text, text, text, uuid)',
  apply_payment_notification: '(uuid, text, text, text, bigint, text, boolean, timestamptz, date, text)',
  test_provider_transaction: '(uuid, text)',
} as const;

export async function up(knex: Knex): Promise<void> {
  for (const [name, args] of Object.entries(FUNCTIONS)) {
    await applyFunction(knex, name);
    await knex.raw(`REVOKE ALL ON FUNCTION ${name}${args} FROM PUBLIC`);
    await knex.raw(`GRANT EXECUTE ON FUNCTION ${name}${args} TO ${APP_ROLE}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, args] of Object.entries(FUNCTIONS).reverse()) await knex.raw(`DROP FUNCTION ${name}${args}`);
}
