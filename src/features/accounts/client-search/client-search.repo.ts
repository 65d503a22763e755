// The counter's search over clients (issue #19), inside a transaction scoped to the tenant.
// A name is matched on its folded words (migration 20261209000100): each word typed must begin
// a word of the name, in any order; the results come in the order of search_name, so a page
// starts where the last one ended (keyset pagination), never at an offset.
// Anonymised clients are no longer anyone and are never found.
import type { Knex } from 'knex';
import { tenantIdOf, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

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

/** By a phone number's last nine digits (lib/phone.ts), whatever country code it was kept with. */
export async function clientIdsByPhoneKey(trx: Knex.Transaction, key: string): Promise<string[]> {
  const rows = await tenantRows(trx, 'clients').where({ phone_key: key }).select('id');
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
  prefixes: readonly string[],
  columns: readonly string[] = NAME_WORDS,
): void {
  query.where((any) => {
    for (const prefix of prefixes) {
      for (const column of columns) any.orWhereRaw(`starts_with(${column}, fold_for_search(?))`, [prefix]);
    }
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
 * from after `after` (the last client of the previous page). Each typed word comes with its
 * alternatives: one, itself, when the words are taken as typed; the names' own words closest
 * to it when guessing at a typo (similarNameWords).
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
  words: readonly (readonly string[])[],
  { after, limit }: { after?: PagePlace; limit: number },
): Promise<ClientSearchRow[]> {
  const branch = (leading?: { word: number; prefix: string }) => {
    const query = searchable(trx);
    words.forEach((prefixes, at) => {
      if (leading?.word === at) query.whereRaw('starts_with(c.search_name, fold_for_search(?))', [leading.prefix]);
      else if (leading) someWordBegins(query, prefixes);
      else {
        for (const prefix of prefixes) query.whereRaw('NOT starts_with(c.search_name, fold_for_search(?))', [prefix]);
        someWordBegins(query, prefixes, LATER_WORDS);
      }
    });
    if (after) {
      // (search_name, id) > (…, …) spelled out: a row comparison is not LEAKPROOF, text's and uuid's are.
      query
        .where('c.search_name', '>=', after.searchName)
        .andWhere((later) => later.where('c.search_name', '>', after.searchName).orWhere('c.id', '>', after.id));
    }
    // One word: its matches may be thousands, and a walk along the order of names reads only
    // the first page. Several: all of them together are few, and a walk could pass half the
    // tenant before finding them (measured: 3 s for one pair of words); ordering by a value no
    // index holds makes the planner intersect the words' indexes and sort what is left.
    if (words.length === 1) return query.orderBy(['c.search_name', 'c.id']).limit(limit);
    return query.orderByRaw(`c.search_name || '', c.id`).limit(limit);
  };
  const leadings = words.flatMap((prefixes, word) => prefixes.map((prefix) => branch({ word, prefix })));
  // UNION, not UNION ALL: a name two words begin ("Nowak Nowak") is one client.
  const rows: Row[] = await trx
    .select('*')
    .from(trx.union([...leadings, branch()], true).as('found'))
    .orderBy(['search_name', 'id'])
    .limit(limit);
  return rows.map(toResult);
}

/** How much of a typed word must be right for a guess: a typo after these letters is forgiven. */
export const GUESS_PREFIX_LENGTH = 3;
/** The closest of the names' words offered for one typed word. */
const GUESSES_PER_WORD = 5;

/**
 * When no name matches a typed word as typed: the words of the tenant's names closest to it
 * (a letter swapped, missing or wrong), at least `threshold` alike by pg_trgm's
 * word_similarity, the closest first. Only words sharing the typed word's first letters are
 * weighed: the indexes of the name words give them without reading a client's row, and a
 * surname's tens of thousands of bearers are one word here, weighed once.
 */
export async function similarNameWords(
  trx: Knex.Transaction,
  word: string,
  { threshold }: { threshold: number },
): Promise<string[]> {
  const tenantId = tenantIdOf(trx);
  const candidates = NAME_WORDS.map(
    (column) =>
      `SELECT ${column.replace('c.', '')} AS w FROM clients
        WHERE tenant_id = ? AND starts_with(${column.replace('c.', '')}, left(fold_for_search(?), ${GUESS_PREFIX_LENGTH}))`,
  ).join(' UNION ');
  const { rows } = await trx.raw<{ rows: { w: string }[] }>(
    `SELECT w FROM (${candidates}) AS words
      WHERE word_similarity(fold_for_search(?), w) >= ?
      ORDER BY word_similarity(fold_for_search(?), w) DESC, w
      LIMIT ${GUESSES_PER_WORD}`,
    [...NAME_WORDS.flatMap(() => [tenantId, word]), word, threshold, word],
  );
  return rows.map((row) => row.w);
}
