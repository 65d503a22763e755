import type { Knex } from 'knex';

// A receipt from the counter is recorded once on an account (issue #20): a double-clicked "Record
// payment", or the form sent again after a timeout, must not book the cash twice. The receipt's
// number is what the clerk typed from the till's slip, so it names the payment; a second posting
// with the same number on the same account is refused here and answered "already recorded".
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE UNIQUE INDEX ledger_entries_receipt
    ON ledger_entries (tenant_id, account_id, receipt_number) WHERE receipt_number IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX ledger_entries_receipt');
}
