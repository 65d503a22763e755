// The locale files agree with each other: the same keys in every language, every plural form
// a language needs, no Polish or Czech text left in English, and the same {{variables}}.
// The checker is a pure function over an i18next Resource, so it is also tested on a broken one.
import type { Resource, ResourceKey } from 'i18next';
import { describe, expect, it } from 'vitest';
import { loadResources } from './i18n.ts';
import { SUPPORTED_LOCALES } from './locales.ts';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const REFERENCE_LOCALE = 'en';
const TRANSLATED_LOCALES = ['pl', 'cs'];

/**
 * Keys ("namespace:path") whose Polish or Czech text may equal the English one. Keep it short
 * and say why: proper names and symbols only.
 */
const IDENTICAL_ALLOWED: ReadonlySet<string> = new Set<string>([]);

type ProblemKind = 'missing-key' | 'missing-plural' | 'untranslated' | 'interpolation';

interface Problem {
  kind: ProblemKind;
  locale: string;
  key: string;
  detail: string;
}

/** Leaves of one language as "namespace:a.b.c" → text. */
function flatten(resource: Record<string, ResourceKey>): Map<string, string> {
  const leaves = new Map<string, string>();
  const walk = (prefix: string, value: unknown): void => {
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(prefix ? `${prefix}.${key}` : key, child);
    } else {
      leaves.set(prefix, String(value));
    }
  };
  for (const [namespace, tree] of Object.entries(resource)) {
    for (const [key, child] of Object.entries(tree as object)) walk(`${namespace}:${key}`, child);
  }
  return leaves;
}

const familyOf = (key: string): string => key.replace(PLURAL_SUFFIX, '');
const suffixOf = (key: string): string | undefined => PLURAL_SUFFIX.exec(key)?.[1];

function variablesIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*-?\s*([^,}\s]+)[^}]*\}\}/g)].map((match) => match[1]!);
}

/** Every disagreement between the languages of a resource set, empty when they agree. */
function checkLocales(resources: Resource, locales: readonly string[] = SUPPORTED_LOCALES): Problem[] {
  const problems: Problem[] = [];
  const leaves = new Map(locales.map((locale) => [locale, flatten(resources[locale] ?? {})]));
  // family → locale → its keys (a plain key is a family of one, with no suffix)
  const families = new Map<string, Map<string, string[]>>();
  for (const [locale, flat] of leaves) {
    for (const key of flat.keys()) {
      const byLocale = families.get(familyOf(key)) ?? new Map<string, string[]>();
      families.set(familyOf(key), byLocale);
      byLocale.set(locale, [...(byLocale.get(locale) ?? []), key]);
    }
  }

  for (const [family, byLocale] of families) {
    // (a) the family exists in every language
    for (const locale of locales) {
      if (!byLocale.has(locale)) {
        const where = [...byLocale.keys()].join(', ');
        problems.push({ kind: 'missing-key', locale, key: family, detail: `present in ${where}` });
      }
    }

    // (b) a family that is plural anywhere has every category of every language's plural rules
    const plural = [...byLocale.values()].some((keys) => keys.some((key) => suffixOf(key) !== undefined));
    if (plural) {
      for (const [locale, keys] of byLocale) {
        const present = new Set(keys.map(suffixOf));
        const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
        const missing = needed.filter((category) => !present.has(category));
        if (missing.length > 0) {
          problems.push({ kind: 'missing-plural', locale, key: family, detail: `needs _${missing.join(', _')}` });
        }
      }
    }

    // (c) Polish and Czech texts are not the English text left in place
    const english = leaves.get(REFERENCE_LOCALE);
    for (const locale of TRANSLATED_LOCALES) {
      if (!english || !leaves.has(locale)) continue;
      for (const key of byLocale.get(locale) ?? []) {
        if (IDENTICAL_ALLOWED.has(family) || IDENTICAL_ALLOWED.has(key)) continue;
        const text = leaves.get(locale)!.get(key)!;
        const counterpart = english.get(key) ?? english.get(`${family}_other`) ?? english.get(family);
        if (counterpart !== undefined && text.trim() === counterpart.trim() && /\p{L}/u.test(text)) {
          problems.push({ kind: 'untranslated', locale, key, detail: `same as English: "${text}"` });
        }
      }
    }

    // (d) every language uses the same interpolation variables (all plural forms together)
    const variables = new Map(
      [...byLocale].map(([locale, keys]) => [
        locale,
        new Set(keys.flatMap((key) => variablesIn(leaves.get(locale)!.get(key)!))),
      ]),
    );
    const all = new Set([...variables.values()].flatMap((names) => [...names]));
    for (const [locale, names] of variables) {
      const missing = [...all].filter((name) => !names.has(name));
      if (missing.length > 0) {
        problems.push({ kind: 'interpolation', locale, key: family, detail: `lacks {{${missing.join('}}, {{')}}}` });
      }
    }
  }
  return problems;
}

const describeProblems = (problems: Problem[]): string =>
  problems.map((p) => `${p.kind} ${p.locale} ${p.key}: ${p.detail}`).join('\n');

describe('locale files', () => {
  it('agree across languages: keys, plural forms, translations and variables', () => {
    const problems = checkLocales(loadResources());
    expect(describeProblems(problems)).toBe('');
  });

  it('use plural categories as Intl defines them for each language', () => {
    // The rule the checker relies on, stated once so a change in ICU data shows up here.
    const categories = (locale: string) => [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
    expect(categories('pl')).toEqual(['few', 'many', 'one', 'other']);
    expect(categories('cs')).toEqual(['few', 'many', 'one', 'other']);
    expect(categories('en')).toEqual(['one', 'other']);
  });
});

describe('checkLocales', () => {
  const good: Resource = {
    en: {
      home: {
        title: 'Home',
        desks: { heading_one: 'Front desk', heading_other: 'Front desks' },
        greeting: 'Hello, {{name}}',
        days_zero: 'today',
        days_one: 'in {{count}} day',
        days_other: 'in {{count}} days',
      },
    },
    pl: {
      home: {
        title: 'Strona główna',
        desks: {
          heading_one: 'Punkt obsługi',
          heading_few: 'Punkty obsługi',
          heading_many: 'Punkty obsługi',
          heading_other: 'Punkty obsługi',
        },
        greeting: 'Dzień dobry, {{name}}',
        days_zero: 'dziś',
        days_one: 'za {{count}} dzień',
        days_few: 'za {{count}} dni',
        days_many: 'za {{count}} dni',
        days_other: 'za {{count}} dnia',
      },
    },
    cs: {
      home: {
        title: 'Úvod',
        desks: {
          heading_one: 'Kontaktní místo',
          heading_few: 'Kontaktní místa',
          heading_many: 'Kontaktních míst',
          heading_other: 'Kontaktních míst',
        },
        greeting: 'Dobrý den, {{name}}',
        days_zero: 'dnes',
        days_one: 'za {{count}} den',
        days_few: 'za {{count}} dny',
        days_many: 'za {{count}} dne',
        days_other: 'za {{count}} dní',
      },
    },
  };

  it('finds nothing wrong in a consistent resource set', () => {
    expect(checkLocales(good)).toEqual([]);
  });

  it('catches each kind of mistake in a deliberately broken resource set', () => {
    const broken = structuredClone(good) as Record<string, Record<string, Record<string, unknown>>>;
    const pl = broken.pl!.home!;
    const cs = broken.cs!.home!;
    const en = broken.en!.home!;
    en.onlyInEnglish = 'Only here'; // (a) missing in pl and cs
    delete (pl.desks as Record<string, string>).heading_few; // (b) Polish needs _few
    cs.title = 'Home'; // (c) Czech left in English
    pl.greeting = 'Dzień dobry, {{user}}'; // (d) a different variable
    const problems = checkLocales(broken as Resource);

    expect(problems).toEqual(
      expect.arrayContaining([
        { kind: 'missing-key', locale: 'pl', key: 'home:onlyInEnglish', detail: 'present in en' },
        { kind: 'missing-key', locale: 'cs', key: 'home:onlyInEnglish', detail: 'present in en' },
        { kind: 'missing-plural', locale: 'pl', key: 'home:desks.heading', detail: 'needs _few' },
        { kind: 'untranslated', locale: 'cs', key: 'home:title', detail: 'same as English: "Home"' },
        expect.objectContaining({ kind: 'interpolation', locale: 'pl', key: 'home:greeting' }),
      ]),
    );
    expect(new Set(problems.map((p) => p.kind))).toEqual(
      new Set(['missing-key', 'missing-plural', 'untranslated', 'interpolation']),
    );
  });

  it('treats a key that is plural in one language and plain in another as missing forms', () => {
    const mixed = structuredClone(good) as Record<string, Record<string, Record<string, unknown>>>;
    mixed.en!.home!.desks = { heading: 'Front desks' };
    const problems = checkLocales(mixed as Resource);
    expect(problems).toContainEqual({
      kind: 'missing-plural',
      locale: 'en',
      key: 'home:desks.heading',
      detail: 'needs _one, _other',
    });
  });

  it('allows listed keys to stay identical, and ignores texts without letters', () => {
    const names = structuredClone(good) as Record<string, Record<string, Record<string, unknown>>>;
    for (const locale of ['en', 'pl', 'cs']) names[locale]!.home!.separator = '–';
    expect(checkLocales(names as Resource)).toEqual([]);
  });
});

// A name interpolated into a Polish or Czech text stays in the nominative, so right after a
// preposition it is ungrammatical ("Twoje konto w Miejski Ośrodek…", "účet u Statutární
// město Lipník"). Such a text must let the name stand alone: "Twoje konto (…)", "…: Twoje konto".
const NAME_VARIABLES = ['tenant', 'name'];
const PREPOSITIONS: Record<string, readonly string[]> = {
  pl: ['w', 'we', 'z', 'ze', 'u', 'do', 'na', 'od', 'dla', 'przez', 'o', 'po'],
  cs: ['v', 've', 'u', 'do', 'na', 'od', 'pro', 'k', 'ke', 's', 'se', 'z', 'ze', 'o', 'po'],
};

/** "locale namespace:key: text" for each text that puts a name right after a preposition. */
function namesAfterPrepositions(resources: Resource): string[] {
  const found: string[] = [];
  for (const [locale, prepositions] of Object.entries(PREPOSITIONS)) {
    const pattern = new RegExp(
      `(?<!\\p{L})(?:${prepositions.join('|')})\\s+\\{\\{\\s*(?:${NAME_VARIABLES.join('|')})\\b`,
      'iu',
    );
    for (const [key, text] of flatten(resources[locale] ?? {})) {
      if (pattern.test(text)) found.push(`${locale} ${key}: ${text}`);
    }
  }
  return found;
}

describe('names in Polish and Czech texts', () => {
  it('never follow a preposition, where the nominative would be wrong', () => {
    expect(namesAfterPrepositions(loadResources())).toEqual([]);
  });

  it('are caught after any listed preposition, and only as a whole word', () => {
    const resources: Resource = {
      pl: {
        account: {
          lead: 'Twoje konto w {{tenant}}.',
          intro: 'Dziękujemy za rejestrację we {{ tenant }}.',
          fine: 'Twoje konto ({{tenant}}) jest gotowe; zalogowano jako {{name}}.',
          word: 'Dzień dobry, {{name}}! Hasło do {{tenant}}',
        },
      },
      cs: { account: { lead: 'Váš účet u {{tenant}}.', thanks: 'Děkujeme, {{name}}.', ke: 'Ke {{name}}' } },
    };
    expect(namesAfterPrepositions(resources)).toEqual([
      'pl account:lead: Twoje konto w {{tenant}}.',
      'pl account:intro: Dziękujemy za rejestrację we {{ tenant }}.',
      'pl account:word: Dzień dobry, {{name}}! Hasło do {{tenant}}',
      'cs account:lead: Váš účet u {{tenant}}.',
      'cs account:ke: Ke {{name}}',
    ]);
  });
});
