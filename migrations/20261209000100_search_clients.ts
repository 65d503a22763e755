import type { Knex } from 'knex';
import { applyFunction } from '../src/platform/db/functions.ts';

// The counter's search (issue #19): a client found among a million by the beginnings of the
// words of their name, in any order, with or without Polish and Czech marks.
//
// search_name is the name folded (fold_for_search) as "last first", in the C collation: its
// index orders the results and serves their pages. name_word_1…4 are its first four words,
// each with an index, and a typed word is looked up in all four with starts_with(). Not LIKE,
// and not a trigram index: under row-level security PostgreSQL uses an index for a condition
// only if its function is LEAKPROOF (or it could tell rows of other tenants apart by errors
// or timing before the policy ran), and LIKE and every pg_trgm operator are not; the text
// comparisons starts_with() turns into are. Marking our own function LEAKPROOF would take a
// superuser, which the app's roles are not. pg_trgm's word_similarity() still ranks the
// closest names when no name matches (a typo), over the rows an index found.
const WORDS = [1, 2, 3, 4] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await applyFunction(knex, 'fold_for_search');
  const folded = `fold_for_search(last_name || ' ' || first_name)`;
  await knex.raw(`
    ALTER TABLE clients
      ADD COLUMN search_name text COLLATE "C" GENERATED ALWAYS AS (${folded}) STORED,
      ${WORDS.map(
        (n) =>
          `ADD COLUMN name_word_${n} text COLLATE "C" GENERATED ALWAYS AS (split_part(${folded}, ' ', ${n})) STORED`,
      ).join(',\n      ')}`);
  await knex.raw('CREATE INDEX clients_search_name ON clients (tenant_id, search_name, id)');
  for (const n of WORDS) {
    await knex.raw(`CREATE INDEX clients_name_word_${n} ON clients (tenant_id, name_word_${n})`);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER TABLE clients DROP COLUMN search_name, ${WORDS.map((n) => `DROP COLUMN name_word_${n}`).join(', ')}`,
  );
  await knex.raw('DROP FUNCTION fold_for_search(text)');
}
