// The counter's search over clients (issue #19), inside a transaction scoped to the tenant.
// A name is matched on its folded words (migration 20261209000100): each word typed must begin
// a word of the name, in any order; the results come in the order of search_name, so a page
// starts where the last one ended (keyset pagination), never at an offset.
// Anonymised clients are no longer anyone and are never found.
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

/** A client as a result line shows them. */
export interface ClientSearchRow {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  nationalIdSealed: Buffer | null;
  status: string;
  lastSignInAt: Date | null;
}

interface Row {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  login: string | null;
  national_id_sealed: Buffer | null;
  status: string;
  last_sign_in_at: Date | null;
}

const toResult = (row: Row): ClientSearchRow => ({
  id: row.id,
  firstName: row.first_name,
  lastName: row.last_name,
  email: row.email,
  login: row.login,
  nationalIdSealed: row.national_id_sealed,
  status: row.status,
  lastSignInAt: row.last_sign_in_at,
});

/** The searchable clients of the tenant, with the columns a result line needs. */
function searchable(trx: Knex.Transaction) {
  return tenantRows(trx, 'clients as c')
    .whereNot('c.status', 'anonymised')
    .select('c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.login', 'c.national_id_sealed', 'c.status')
    .select('c.search_name')
    .select(
      trx.raw(
        `(SELECT e.occurred_at FROM sign_in_events e
           WHERE e.tenant_id = c.tenant_id AND e.client_id = c.id AND e.outcome = 'success'
           ORDER BY e.occurred_at DESC LIMIT 1) AS last_sign_in_at`,
      ),
    );
}

/** The clients with these ids, in the order of their names. */
export async function clientsWithIds(trx: Knex.Transaction, ids: readonly string[]): Promise<ClientSearchRow[]> {
  if (ids.length === 0) return [];
  const rows: Row[] = await searchable(trx).whereIn('c.id', ids).orderBy(['c.search_name', 'c.id']);
  return rows.map(toResult);
}

export async function clientIdsByEmail(trx: Knex.Transaction, email: string): Promise<string[]> {
  const rows = await tenantRows(trx, 'clients').where({ email_key: email.toLowerCase() }).select('id');
  return rows.map((row: { id: string }) => row.id);
}

export async function clientIdsByLogin(trx: Knex.Transaction, login: string): Promise<string[]> {
  const rows = await tenantRows(trx, 'clients').where({ login_key: login.toLowerCase() }).select('id');
  return rows.map((row: { id: string }) => row.id);
}

/** By the PESEL's blind indexes (the current key's, then the previous keys'): never a scan. */
export async function clientIdsByNationalIdIndexes(
  trx: Knex.Transaction,
  indexes: readonly Buffer[],
): Promise<string[]> {
  const rows = await tenantRows(trx, 'clients').whereIn('national_id_index', indexes).select('id');
  return rows.map((row: { id: string }) => row.id);
}

/** The first four words of the folded name, each with an index (migration 20261209000100). */
const NAME_WORDS = ['c.name_word_1', 'c.name_word_2', 'c.name_word_3', 'c.name_word_4'] as const;
/** The words after the first: a first name, the second part of a surname. */
const LATER_WORDS = NAME_WORDS.slice(1);

/**
 * Some word of the name begins with `prefix` (folded here as the name was). starts_with(), not
 * LIKE: under row-level security only a LEAKPROOF function's condition may use an index.
 */
function someWordBegins(
  query: Knex.QueryBuilder,
  prefix: string,
  { sql = 'fold_for_search(?)', columns = NAME_WORDS }: { sql?: string; columns?: readonly string[] } = {},
): void {
  query.where((any) => {
    for (const column of columns) any.orWhereRaw(`starts_with(${column}, ${sql})`, [prefix]);
  });
}

/** Where the previous page ended: its last client's place in the order of names. */
export interface PagePlace {
  searchName: string;
  id: string;
}

/** The place of a client in the order of names, for the page after them. */
export async function pagePlaceOf(trx: Knex.Transaction, clientId: string): Promise<PagePlace | undefined> {
  const row = await tenantRows(trx, 'clients').where({ id: clientId }).first('search_name', 'id');
  return row ? { searchName: row.search_name, id: row.id } : undefined;
}

/**
 * The clients a word of whose name begins with each word typed, in the order of the names,
 * from after `after` (the last client of the previous page).
 *
 * One query per way the name can begin, joined: for each word typed, the names that begin
 * with it (a range of the index that also orders them, so the first page is read and no more,
 * however many thousands of "Nowak" there are), the other words anywhere in the name; and the
 * names that begin with none of the words, all of them in later words (a first name: spread
 * evenly through the order of surnames, so either the index of those words or a walk along
 * the order finds them quickly). One query with an OR of all this would walk the order of
 * names from "a" to wherever the matches are (measured at a million clients: 3 s for "Nowak").
 */
export async function clientsByName(
  trx: Knex.Transaction,
  words: readonly string[],
  { after, limit }: { after?: PagePlace; limit: number },
): Promise<ClientSearchRow[]> {
  const branch = (leading: number | undefined) => {
    const query = searchable(trx);
    words.forEach((word, at) => {
      if (at === leading) query.whereRaw('starts_with(c.search_name, fold_for_search(?))', [word]);
      else if (leading !== undefined) someWordBegins(query, word);
      else {
        query.whereRaw('NOT starts_with(c.search_name, fold_for_search(?))', [word]);
        someWordBegins(query, word, { columns: LATER_WORDS });
      }
    });
    if (after) {
      // (search_name, id) > (…, …) spelled out: a row comparison is not LEAKPROOF, text's and uuid's are.
      query
        .where('c.search_name', '>=', after.searchName)
        .andWhere((later) => later.where('c.search_name', '>', after.searchName).orWhere('c.id', '>', after.id));
    }
    return query.orderBy(['c.search_name', 'c.id']).limit(limit);
  };
  const branches = [...words.map((_word, at) => branch(at)), branch(undefined)];
  // UNION, not UNION ALL: a name two words begin ("Nowak Nowak") is one client.
  const rows: Row[] = await trx
    .select('*')
    .from(trx.union(branches, true).as('found'))
    .orderBy(['search_name', 'id'])
    .limit(limit);
  return rows.map(toResult);
}

/** How much of a typed word must be right for a guess: a typo after these letters is forgiven. */
export const GUESS_PREFIX_LENGTH = 3;

/**
 * When no name matches: the names closest to the words (a letter swapped, missing or wrong),
 * among those with a word beginning with the first letters of each word typed (an index finds
 * them); each word at least `threshold` similar to a word of the name (pg_trgm's
 * word_similarity), the closest first. One page: a list of guesses is not walked through.
 */
export async function clientsWithSimilarNames(
  trx: Knex.Transaction,
  words: readonly string[],
  { limit, threshold }: { limit: number; threshold: number },
): Promise<ClientSearchRow[]> {
  const query = searchable(trx);
  for (const word of words) {
    someWordBegins(query, word, { sql: `left(fold_for_search(?), ${GUESS_PREFIX_LENGTH})` });
    query.whereRaw('word_similarity(fold_for_search(?), c.search_name) >= ?', [word, threshold]);
  }
  const similarity = words.map(() => 'word_similarity(fold_for_search(?), c.search_name)').join(' + ');
  const rows: Row[] = await query
    .orderByRaw(`${similarity} DESC`, [...words])
    .orderBy(['c.search_name', 'c.id'])
    .limit(limit);
  return rows.map(toResult);
}
