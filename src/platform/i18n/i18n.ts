// i18next with every locale file loaded at start-up: src/platform/i18n/locales/<lang>/<namespace>.json.
// Plural keys use i18next's Intl.PluralRules suffixes (_one, _few, _many, _other).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from './locales.ts';

export const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

export function loadResources(dir = localesDir): Resource {
  const resources: Resource = {};
  for (const locale of SUPPORTED_LOCALES) {
    resources[locale] = {};
    for (const file of readdirSync(path.join(dir, locale)).filter((name) => name.endsWith('.json'))) {
      resources[locale][path.basename(file, '.json')] = JSON.parse(readFileSync(path.join(dir, locale, file), 'utf8'));
    }
  }
  return resources;
}

export function createI18n(): i18n {
  const resources = loadResources();
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    supportedLngs: [...SUPPORTED_LOCALES],
    fallbackLng: false,
    lng: DEFAULT_LOCALE,
    ns: Object.keys(resources[DEFAULT_LOCALE] ?? {}),
    defaultNS: 'common',
    initAsync: false,
    // EJS escapes on output (<%= %>); escaping here too would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export type Translate = TFunction;

// A page makes dozens of t() calls and a mail a handful; the resources never change at run
// time, so each text is remembered per instance and language: by key alone when there are no
// options, and by key and options when those are a few plain values (a tenant's name, a
// count). A list of keys tried in turn (the layout's description) is remembered the same way:
// on every page, i18next's fallback through them cost more than the rest of the page's texts.
// Anything else (objects, functions) is translated afresh every time.
const memoised = new WeakMap<i18n, Map<Locale, Translate>>();
/** Remembered texts per language before the memo starts over: bounds memory however varied the options. */
const MEMO_LIMIT = 20_000;
/** Joins the keys tried in turn into one memo key; no key holds it. */
const KEYS_TRIED = '\u0002';

function memoKey(key: string, options: Record<string, unknown> | undefined): string | undefined {
  if (options === undefined) return key;
  // A list or a subtree is not a text: remembering String(it) would hand back "a,b,c".
  if (options.returnObjects === true) return undefined;
  let composed = key;
  for (const name in options) {
    const value = options[name];
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && value !== undefined) return undefined;
    composed += `\u0000${name}\u0001${String(value)}`;
  }
  return composed;
}

export function translator(instance: i18n, locale: Locale): Translate {
  let perLocale = memoised.get(instance);
  if (!perLocale) memoised.set(instance, (perLocale = new Map()));
  let translate = perLocale.get(locale);
  if (!translate) {
    const fixed = instance.getFixedT(locale);
    const texts = new Map<string, string>();
    translate = ((key: string | string[], options?: Record<string, unknown>) => {
      const cacheKey = memoKey(typeof key === 'string' ? key : key.join(KEYS_TRIED), options);
      if (cacheKey === undefined) return fixed(key as string, options as never);
      let text = texts.get(cacheKey);
      if (text === undefined) {
        if (texts.size >= MEMO_LIMIT) texts.clear();
        texts.set(cacheKey, (text = String(fixed(key as string, options as never))));
      }
      return text;
    }) as unknown as Translate;
    perLocale.set(locale, translate);
  }
  return translate;
}

/** A list in the locale files (a JSON array of texts), each item interpolated with the options. */
export type TranslateList = (key: string, options?: Record<string, string | number>) => readonly string[];

const listTranslators = new WeakMap<i18n, Map<Locale, TranslateList>>();

/**
 * Lists are read through this rather than t(key, { returnObjects: true }), whose result is typed
 * as a string: a template looping over that string shows one bullet per letter. A key that is
 * missing or is not a list of texts is a mistake in the locale files, so it throws.
 */
export function listTranslator(instance: i18n, locale: Locale): TranslateList {
  let perLocale = listTranslators.get(instance);
  if (!perLocale) listTranslators.set(instance, (perLocale = new Map()));
  let list = perLocale.get(locale);
  if (!list) {
    const fixed = instance.getFixedT(locale);
    list = (key, options) => {
      const items: unknown = fixed(key, { ...options, returnObjects: true } as never);
      if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
        throw new Error(`${key} is not a list of texts in ${locale}`);
      }
      return items;
    };
    perLocale.set(locale, list);
  }
  return list;
}
