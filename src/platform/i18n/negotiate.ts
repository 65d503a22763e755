// Which language a page is shown in: ?lang= (then remembered in a cookie), else the cookie,
// else the best supported Accept-Language, else the tenant's default.
import { isLocale, SUPPORTED_LOCALES, type Locale } from './locales.ts';

export interface LanguageSignals {
  query?: unknown;
  cookie?: unknown;
  acceptLanguage?: string;
  tenantDefault: Locale;
}

/** Parses Accept-Language ("cs-CZ,cs;q=0.9,en;q=0.5") into supported locales, best first. */
export function acceptedLocales(header: string | undefined): Locale[] {
  if (!header) return [];
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const seen = new Set<Locale>();
  for (const { language } of ranked) if (isLocale(language)) seen.add(language);
  return [...seen];
}

export function negotiateLocale(signals: LanguageSignals): Locale {
  if (isLocale(signals.query)) return signals.query;
  if (isLocale(signals.cookie)) return signals.cookie;
  return acceptedLocales(signals.acceptLanguage)[0] ?? signals.tenantDefault;
}

export { SUPPORTED_LOCALES };
