import type { Knex } from 'knex';

// A card type's check digit scheme (issue #22): Luhn's, as every type had so far, or Damm's,
// which also catches the 09 ↔ 90 swap Luhn lets through (src/lib/damm.ts). Chosen when the type
// is created and never changed, since the numbers already issued carry the old one: the app role
// inserts it (its INSERT is on the whole row) and has no UPDATE on it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE card_types ADD COLUMN check_digit text NOT NULL DEFAULT 'luhn'`);
  // A constraint of its own: Citus refuses ADD COLUMN with one.
  await knex.raw(
    `ALTER TABLE card_types ADD CONSTRAINT card_types_check_digit CHECK (check_digit IN ('luhn', 'damm'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE card_types DROP COLUMN check_digit');
}
