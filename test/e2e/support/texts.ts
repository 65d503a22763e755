// The texts the app shows, for a browser test to find fields, buttons and headings by what a
// person reads in a language. A key with no text fails the test, rather than matching itself.
import { createI18n, translator, type Translate } from '../../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../../src/platform/i18n/locales.ts';

const i18n = createI18n();

export function texts(locale: Locale): Translate {
  const t = translator(i18n, locale);
  return ((key: string, options?: Record<string, unknown>) => {
    const [ns, path] = key.split(':') as [string, string];
    if (!i18n.exists(path, { lng: locale, ns, ...options })) throw new Error(`no ${locale} text for ${key}`);
    return t(key, options as never);
  }) as unknown as Translate;
}
