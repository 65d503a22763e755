// Display preferences a visitor can switch with plain links (no JavaScript, nothing stored
// server-side): language, text size and high contrast, each remembered in a cookie.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isLocale, type Locale } from '../i18n/locales.ts';

export const COOKIE = { locale: 'okienko_lang', textSize: 'okienko_text', contrast: 'okienko_contrast' } as const;
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

const textSize = z.enum(['1', '2', '3']);
const contrast = z.enum(['normal', 'high']);

export interface DisplayPreferences {
  textSize: '1' | '2' | '3';
  contrast: 'normal' | 'high';
}

function remember(res: Response, name: string, value: string, secure: boolean): void {
  res.cookie(name, value, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** Remembers a language chosen elsewhere (a client's profile), as the language switch would. */
export function rememberLocale(res: Response, locale: Locale, secure: boolean): void {
  remember(res, COOKIE.locale, locale, secure);
}

/** Reads ?lang, ?text and ?contrast (saving valid ones in cookies) and falls back to the cookies. */
export function readPreferences(
  req: Request,
  res: Response,
  secure: boolean,
): { requestedLocale?: Locale; cookieLocale?: Locale; display: DisplayPreferences } {
  const query = req.query as Record<string, unknown>;
  const cookies = (req.cookies ?? {}) as Record<string, unknown>;
  const requestedLocale = isLocale(query.lang) ? query.lang : undefined;
  if (requestedLocale) remember(res, COOKIE.locale, requestedLocale, secure);

  // Most requests carry neither the query parameter nor the cookie: skip zod for what is absent
  // (a failed safeParse builds an error object, a few KB per page view).
  const pick = <T extends string>(schema: z.ZodType<T>, queryValue: unknown, cookieName: string, fallback: T): T => {
    if (queryValue !== undefined) {
      const fromQuery = schema.safeParse(queryValue);
      if (fromQuery.success) {
        remember(res, cookieName, fromQuery.data, secure);
        return fromQuery.data;
      }
    }
    const cookie = cookies[cookieName];
    if (cookie === undefined) return fallback;
    const fromCookie = schema.safeParse(cookie);
    return fromCookie.success ? fromCookie.data : fallback;
  };

  return {
    requestedLocale,
    cookieLocale: isLocale(cookies[COOKIE.locale]) ? (cookies[COOKIE.locale] as Locale) : undefined,
    display: {
      textSize: pick(textSize, query.text, COOKIE.textSize, '1'),
      contrast: pick(contrast, query.contrast, COOKIE.contrast, 'normal'),
    },
  };
}
