import { describe, expect, it } from 'vitest';
import { acceptedLocales, negotiateLocale } from './negotiate.ts';

describe('negotiateLocale', () => {
  it('prefers ?lang, then the cookie, then Accept-Language, then the tenant default', () => {
    const all = { query: 'en', cookie: 'cs', acceptLanguage: 'pl', tenantDefault: 'pl' as const };
    expect(negotiateLocale(all)).toBe('en');
    expect(negotiateLocale({ ...all, query: undefined })).toBe('cs');
    expect(negotiateLocale({ ...all, query: undefined, cookie: undefined })).toBe('pl');
    expect(negotiateLocale({ tenantDefault: 'cs' })).toBe('cs');
  });

  it('ignores unsupported or malicious values instead of failing', () => {
    expect(negotiateLocale({ query: 'de', cookie: ['en'], tenantDefault: 'pl' })).toBe('pl');
    expect(negotiateLocale({ query: '../../etc', acceptLanguage: 'xx;q=abc', tenantDefault: 'cs' })).toBe('cs');
  });
});

describe('acceptedLocales', () => {
  it('orders by quality and keeps only supported languages', () => {
    expect(acceptedLocales('de-DE,de;q=0.9,cs;q=0.5,en-GB;q=0.7')).toEqual(['en', 'cs']);
    expect(acceptedLocales('pl-PL')).toEqual(['pl']);
    expect(acceptedLocales('en;q=0,cs')).toEqual(['cs']);
    expect(acceptedLocales(undefined)).toEqual([]);
  });
});
