// What the clerks type into the counter's search in the search bench, and how each answer is
// judged. A page can answer 200 and still be wrong (an error summary, no results, the wrong
// table), so every answer is read: the table it must show, with at least one client, and for
// an identifier the very client looked up.
import { readFileSync } from 'node:fs';
import type { KnownClient } from './search-dataset.ts';
import { asciiFold, seededRandom } from './search-names.ts';

export type SearchKind =
  | 'surname'
  | 'surname prefix'
  | 'first last'
  | 'last first'
  | 'without marks'
  | 'typo (similar)'
  | 'page 2'
  | 'pesel'
  | 'e-mail'
  | 'login';

/** The targets: a name search (any of its forms), or one by an identifier, found exactly. */
export type SearchClass = 'name' | 'identifier';

export const CLASS_OF: Record<SearchKind, SearchClass> = {
  surname: 'name',
  'surname prefix': 'name',
  'first last': 'name',
  'last first': 'name',
  'without marks': 'name',
  'typo (similar)': 'name',
  'page 2': 'name',
  pesel: 'identifier',
  'e-mail': 'identifier',
  login: 'identifier',
};

/** Which table of results the answer must show. */
type Table = 'named' | 'similar' | 'identified';

export interface SearchRequest {
  kind: SearchKind;
  q: string;
  table: Table;
  /** Text the results must contain: the looked-up client's surname. */
  contains?: string;
  /** 'page 2': first the page the `after` comes from (timed as a surname search), then this one. */
  secondPage?: boolean;
}

/** Per 100 searches: mostly names, as at a counter, and enough identifiers for their own p99. */
const MIX: [SearchKind, number][] = [
  ['surname', 18],
  ['surname prefix', 10],
  ['first last', 8],
  ['last first', 8],
  ['without marks', 8],
  ['typo (similar)', 4],
  ['page 2', 4],
  ['pesel', 20],
  ['e-mail', 14],
  ['login', 6],
];

/**
 * Typos of real surnames (a letter missing, -sky for -ski, a letter wrong) that no name
 * contains, so the search falls back to the closest names; those that do not are dropped by
 * the check before the runs (search-phase.ts).
 */
export const TYPO_CANDIDATES = [
  'Wiśniewki',
  'Lewandowsky',
  'Kowalsky',
  'Zielinsky',
  'Wojciechowki',
  'Szymansky',
  'Procházkova',
  'Kwiatkowsky',
  'Jabłońsky',
  'Dąbrowki',
  'Novotni',
  'Kamińsky',
];

/** The captions of the three tables, in every locale the staff pages may be in. */
const CAPTIONS: Record<Table, string[]> = (() => {
  const captions: Record<Table, string[]> = { named: [], similar: [], identified: [] };
  for (const locale of ['pl', 'en', 'cs']) {
    const file = new URL(`../src/platform/i18n/locales/${locale}/adminClients.json`, import.meta.url);
    const { results } = JSON.parse(readFileSync(file, 'utf8')) as { results: Record<Table, string> };
    for (const table of ['named', 'similar', 'identified'] as const) captions[table].push(results[table]);
  }
  return captions;
})();

/** Undefined when the answer is the right page with results; else what is wrong with it. */
export function judge(request: SearchRequest, status: number, body: string): string | undefined {
  const what = `${request.kind} "${request.q}"`;
  if (status !== 200) return `${what}: ${status} ${body.slice(0, 200).replace(/\s+/g, ' ')}`;
  const caption = CAPTIONS[request.table].find((text) => body.includes(`<caption>${text}</caption>`));
  if (!caption) {
    // What the page said instead: its status line, or its error summary.
    const said = /<p role="status"[^>]*>([^<]*)<\/p>|<h2[^>]*>([^<]*)<\/h2>/.exec(body);
    return `${what}: no ${request.table} results table (the page says: ${said?.[1] ?? said?.[2] ?? '?'})`;
  }
  const table = body.slice(body.indexOf(`<caption>${caption}</caption>`));
  if (!/<tbody>\s*<tr>/.test(table)) return `${what}: the ${request.table} table is empty`;
  if (request.contains && !table.includes(request.contains)) return `${what}: ${request.contains} not in the results`;
  return undefined;
}

/** The `after` of the page's "Show more results" form, if it has one. */
export const nextAfter = (body: string): string | undefined => /name="after" value="([^"]+)"/.exec(body)?.[1];

/** `count` searches in the mix's proportions, in a shuffled order; the same for the same seed. */
export function searchMix(known: readonly KnownClient[], typos: readonly string[], count: number, seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const withMarks = known.filter((client) => asciiFold(client.lastName) !== client.lastName.toLowerCase());
  // A second page needs more than a page of namesakes: surnames common among the looked-up too.
  const counts = new Map<string, number>();
  for (const { lastName } of known) counts.set(lastName, (counts.get(lastName) ?? 0) + 1);
  const common = known.filter((client) => counts.get(client.lastName)! >= 3);
  const make = (kind: SearchKind): SearchRequest => {
    const client = pick(known);
    switch (kind) {
      case 'surname':
        return { kind, q: client.lastName, table: 'named', contains: client.lastName };
      case 'surname prefix':
        return { kind, q: client.lastName.slice(0, 3 + Math.floor(random() * 3)), table: 'named' };
      case 'first last':
        return { kind, q: `${client.firstName} ${client.lastName}`, table: 'named' };
      case 'last first':
        return { kind, q: `${client.lastName} ${client.firstName}`, table: 'named' };
      case 'without marks':
        // The issue's own examples now and then; otherwise a surname with marks typed without.
        if (random() < 0.2)
          return { kind, q: pick(['zolkiewska', 'dvorak', 'lukasiewicz', 'nemcova']), table: 'named' };
        return { kind, q: asciiFold(pick(withMarks).lastName), table: 'named' };
      case 'typo (similar)':
        return { kind, q: pick(typos), table: 'similar' };
      case 'page 2':
        return { kind, q: pick(common.length > 0 ? common : known).lastName, table: 'named', secondPage: true };
      case 'pesel': {
        // Now and then read out with a space, as the form allows ("440514 01359").
        const pesel = client.pesel!;
        const q = random() < 0.25 ? `${pesel.slice(0, 6)} ${pesel.slice(6)}` : pesel;
        return { kind, q, table: 'identified', contains: client.lastName };
      }
      case 'e-mail':
        return { kind, q: client.email!, table: 'identified', contains: client.lastName };
      case 'login':
        return { kind, q: client.login!, table: 'identified', contains: client.lastName };
    }
  };
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  const requests = MIX.flatMap(([kind, weight]) =>
    Array.from({ length: Math.round((count * weight) / total) }, () => make(kind)),
  );
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [requests[i], requests[j]] = [requests[j]!, requests[i]!];
  }
  return requests;
}
