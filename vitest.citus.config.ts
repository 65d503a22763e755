// The scale tests on a three-node Citus cluster, run by test/citus/run.ts (npm run test:citus),
// which starts the cluster and names it in the environment: the cluster's own tests, and the
// tenant walls and the audit log's append-only rules again, which must hold there as on one server.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Spread, not mergeConfig: merging would add to the base's include list, not replace it.
export default defineConfig({
  test: {
    ...base.test,
    include: [
      'test/citus/**/*.test.ts',
      'test/walls/**/*.test.ts',
      'test/audit/**/*.test.ts',
      // The counter's search: its union of index ranges must reach one shard, as every query does.
      'test/counter/client-search.test.ts',
      // What a clerk changes: rows locked FOR UPDATE in the tenant's shard, a phone found, the
      // identity checks joined with the staff who made them, dead mails sent again.
      'test/counter/client-details.test.ts',
      'test/counter/access-reset.test.ts',
      'test/counter/client-page.test.ts',
      'test/counter/mail-problems.test.ts',
      // The managers' settings: the tenant's row (a reference table) written through
      // change_own_tenant, a front desk locked and rewritten in its tenant's shard.
      'test/settings/tenant-settings.test.ts',
      'test/settings/front-desks.test.ts',
      // Payments: an intent locked FOR UPDATE in its tenant's shard by a double click and by fifty
      // notifications at once, and the worker's cross-tenant expiry and delivery claims.
      'test/payments/notifications.test.ts',
      'test/payments/intents.test.ts',
      'test/payments/delivery.test.ts',
      // The ledger: postings lock the account row in its tenant's shard, the append-only trigger
      // fires on the shards, a counter payment is posted and audited in one transaction, and
      // settle_account agrees with the model of the rule there as well.
      'test/money/ledger.test.ts',
      'test/money/ledger-properties.test.ts',
      'test/money/counter-payments.test.ts',
      'test/money/ledger-walls.test.ts',
      // Housing: a premises' rights read with its building, locked while a clerk links one, and
      // only a right holder's pages answer, in the tenant's shard.
      'test/housing/access.test.ts',
      'test/housing/counter-rights.test.ts',
      // A premises' fee rates and meter readings written under its row's lock, the readings read
      // within a resident's right, and the meter_readings walls, in the tenant's shard.
      'test/housing/fee-components.test.ts',
      'test/housing/meter-readings.test.ts',
      // An import booked in multi-row statements with ON CONFLICT on the tenant's external ids,
      // and rolled back whole; a premises' account paid through the payments feature's hook.
      'test/housing/import.test.ts',
      // The import page: an upload kept as bytea in the tenant's shard, locked FOR UPDATE while
      // it is booked, and the worker's purge of old uploads across the shards.
      'test/housing/import-page.test.ts',
      'test/housing/pay-online.test.ts',
      // The overview in memory: every write to what it shows sends its notice from the
      // coordinator in the write's transaction, and a second process hears it.
      'test/housing/overview-cache.test.ts',
      // Buildings listed with their premises counts (a join of grouped rows), and account numbers
      // taken under concurrency: a template's counter by an upsert, the bank's list by FOR UPDATE
      // SKIP LOCKED, each in the tenant's shard.
      'test/housing/staff-buildings.test.ts',
      // An export's pages read by keyset over (booked_on, created_at, id) in the tenant's shard.
      'test/money/turnover-pages.test.ts',
      // Cards: five Applies at once meet in one partial unique key (ON CONFLICT) in the tenant's
      // shard, the fee is charged under the account's lock, and a state moves by a conditional
      // UPDATE; the counter's steps and the fee paid at its till.
      'test/cards/client-card.test.ts',
      'test/cards/counter.test.ts',
      // Season passes: a card read FOR SHARE while an entry or a sale acts on it, a pass's entries
      // taken by a conditional UPDATE, a replacement moving passes, fifty at once, in the shard.
      'test/cards/passes-counter.test.ts',
      'test/cards/passes-concurrency.test.ts',
      // The city card: a holder's one card in play by a partial unique key over the sealed PESEL's
      // index (ON CONFLICT), the application's row locked while a part is saved, and the handover
      // paid at the till with its load, in the tenant's shard. (The review's queue and the lapse
      // job pass there too, 30 s each: run them by name when they change.)
      'test/cards/city-apply-submit.test.ts',
      'test/cards/city-handover.test.ts',
    ],
    exclude: ['node_modules/**'],
    // One file at a time: a test that stops a worker would break the databases of the files
    // beside it, and the three servers already share the two cores.
    fileParallelism: false,
  },
});
