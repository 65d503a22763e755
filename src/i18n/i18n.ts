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

export function translator(instance: i18n, locale: Locale): Translate {
  return instance.getFixedT(locale);
}
