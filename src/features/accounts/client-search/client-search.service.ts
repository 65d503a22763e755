// Finding a client at the counter (issue #19): one box for a name, an e-mail, a login, a PESEL
// or any identifier a feature registers. An identifier is matched exactly; a name by the
// beginnings of its words, each word typed in any order, marks folded both ways; when no name
// matches, the closest names are offered instead. Every search is audited, the query as typed (the audit
// log masks a PESEL in it, platform/audit/sanitise.ts).
import type { Knex } from 'knex';
import type { ClientIdentifier } from '../../../platform/feature.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { maskDigitRuns } from '../../../platform/audit/sanitise.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { MaskedPesel } from '../../../lib/pesel.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import { maskedNationalId } from '../clients/masked-national-id.ts';
import {
  clientsByName,
  clientsWithIds,
  pagePlaceOf,
  similarNameWords,
  type ClientSearchRow,
} from './client-search.repo.ts';

export const SEARCH_PAGE_SIZE = 20;
/** Fewer characters than this would list half the tenant: refused by the form. */
export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 200;
/** A shorter word is too common a run of letters to guess a typo from. */
const MIN_SIMILAR_WORD_LENGTH = 4;
/**
 * How alike a typed word and a word of the name must be (pg_trgm's word_similarity) to offer
 * the name. A swapped pair of letters costs trigrams most: "Kowlaski" is 0.38 to "Kowalski",
 * where pg_trgm's default of 0.6 would offer nothing; "Kowalczyk" (0.33) and "Nowakowski"
 * (0.27) stay out at 0.35. A wrong letter ("Kowalsky", 0.78) or one missing ("Nowk", 0.6) passes easily.
 */
const SIMILAR_WORD_THRESHOLD = 0.35;

export interface ClientSearchDeps {
  db: Knex;
  nationalIds: NationalIdProtector;
  clientIdentifiers: readonly ClientIdentifier[];
}

/** A client as a result line shows them: the PESEL masked. */
export interface ClientSummary {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  pesel: MaskedPesel | undefined;
  status: string;
  lastSignInAt: Date | null;
}

/**
 * The query as the page and the audit log may show it: digits read out in groups ("440514
 * 01359") joined, and then any PESEL or other long number in it masked.
 */
export function shownQuery(query: string): string {
  return maskDigitRuns(query.replace(/(?<=\p{Nd}) +(?=\p{Nd})/gu, ''));
}

export interface ClientSearchResults {
  /** What was searched for, as the page may repeat it (shownQuery). */
  query: string;
  /** Found by an identifier (e-mail, login, PESEL…): the first page only. */
  identified: ClientSummary[];
  /** Found by name, in the order of the names; or, when `similar`, the names closest to the words. */
  named: ClientSummary[];
  similar: boolean;
  /** The client to continue after on the next page, when there is one. */
  nextAfter: string | undefined;
}

/** The words of a name as typed: hyphens part words as spaces do ("Nowak-Kowalska"). */
export function nameWords(query: string): string[] {
  return query.split(/[\s-]+/u).filter((word) => word.length > 0);
}

/**
 * Only letters (and what names hold between them) can be a name: a query with an @ or a digit
 * in it is no name (personName refuses both), so a login like "sm-1042" is looked up, not
 * also searched for among the names.
 */
const mayBeName = (query: string): boolean => !/[@\p{Nd}]/u.test(query) && /\p{L}/u.test(query);

export async function searchClients(
  deps: ClientSearchDeps,
  context: ServiceContext,
  { query, after }: { query: string; after?: string },
): Promise<ClientSearchResults> {
  const words = mayBeName(query) ? nameWords(query) : [];
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const identified = after ? [] : await clientsWithIds(trx, await identifiedIds(trx, deps, query));
    const place = after ? await pagePlaceOf(trx, after) : undefined;
    const page =
      words.length > 0 && (!after || place)
        ? await clientsByName(
            trx,
            words.map((word) => [word]),
            { after: place, limit: SEARCH_PAGE_SIZE + 1 },
          )
        : [];
    const more = page.length > SEARCH_PAGE_SIZE;
    let named = page.slice(0, SEARCH_PAGE_SIZE);
    const guess = !after && identified.length === 0 && named.length === 0;
    const similar = guess && words.some((word) => word.length >= MIN_SIMILAR_WORD_LENGTH);
    if (similar) named = await clientsWithSimilarNames(trx, words);
    const shownAs = shownQuery(query);
    await recordAudit(trx, context, {
      action: 'clients.searched',
      subject: { kind: 'tenant', id: context.tenant.id },
      changes: { query: [null, shownAs] },
    });
    const shown = new Set(identified.map((client) => client.id));
    const summary = (row: ClientSearchRow) => summarise(deps, context.tenant.id, row);
    return {
      query: shownAs,
      identified: identified.map(summary),
      named: named.filter((row) => !shown.has(row.id)).map(summary),
      similar: similar && named.length > 0,
      nextAfter: more && !similar ? named.at(-1)?.id : undefined,
    };
  });
}

/**
 * The guess at a typo: each typed word replaced by the names' words closest to it (the word
 * itself, when it matches as typed), and the clients those begin, in the order of the names.
 */
async function clientsWithSimilarNames(trx: Knex.Transaction, words: readonly string[]): Promise<ClientSearchRow[]> {
  const alternatives: string[][] = [];
  for (const word of words) {
    const close = await similarNameWords(trx, word, { threshold: SIMILAR_WORD_THRESHOLD });
    if (close.length === 0) return [];
    alternatives.push(close);
  }
  return clientsByName(trx, alternatives, { limit: SEARCH_PAGE_SIZE });
}

/** Every registered identifier that recognises the query, asked in turn; each client once. */
async function identifiedIds(trx: Knex.Transaction, deps: ClientSearchDeps, query: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const identifier of deps.clientIdentifiers) {
    if (!identifier.recognises(query)) continue;
    for (const id of await identifier.find(trx, query)) ids.add(id);
  }
  return [...ids];
}

function summarise(deps: ClientSearchDeps, tenantId: string, row: ClientSearchRow): ClientSummary {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    login: row.login,
    pesel: maskedNationalId(deps.nationalIds, { tenantId, clientId: row.id, sealed: row.nationalIdSealed }),
    status: row.status,
    lastSignInAt: row.lastSignInAt,
  };
}
