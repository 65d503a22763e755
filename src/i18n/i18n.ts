// i18next with every locale file loaded at start-up: src/i18n/locales/<lang>/<namespace>.json.
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

// A page makes dozens of t() calls; most take no options and always give the same text, so
// those are remembered per instance and language (the resources never change at run time).
const memoised = new WeakMap<i18n, Map<Locale, Translate>>();

export function translator(instance: i18n, locale: Locale): Translate {
  let perLocale = memoised.get(instance);
  if (!perLocale) memoised.set(instance, (perLocale = new Map()));
  let translate = perLocale.get(locale);
  if (!translate) {
    const fixed = instance.getFixedT(locale);
    const plain = new Map<string, string>();
    translate = ((key: string | string[], options?: Record<string, unknown>) => {
      // Only a language override (the language switch names each language in itself) is
      // as constant as no options at all.
      const onlyLanguage =
        options !== undefined && Object.keys(options).length === 1 && typeof options.lng === 'string';
      if ((options !== undefined && !onlyLanguage) || typeof key !== 'string') {
        return fixed(key as string, options as never);
      }
      const cacheKey = onlyLanguage ? `${options.lng as string}\u0000${key}` : key;
      let text = plain.get(cacheKey);
      if (text === undefined) plain.set(cacheKey, (text = String(fixed(key, options as never))));
      return text;
    }) as unknown as Translate;
    perLocale.set(locale, translate);
  }
  return translate;
}
