import { describe, expect, it } from 'vitest';
import { createI18n, listTranslator, translator } from './i18n.ts';

describe('translator', () => {
  const i18n = createI18n();

  it('gives the same texts as i18next, remembered or not', () => {
    const pl = translator(i18n, 'pl');
    expect(pl('common:skipToContent')).toBe('Przejdź do treści');
    expect(pl('common:skipToContent')).toBe('Przejdź do treści');
    expect(translator(i18n, 'cs')('common:skipToContent')).toBe('Přejít na obsah');
  });

  it('keeps language overrides apart and still interpolates and pluralises', () => {
    const pl = translator(i18n, 'pl');
    expect(pl('common:language.name', { lng: 'cs' })).toBe('Čeština');
    expect(pl('common:language.name', { lng: 'en' })).toBe('English');
    expect(pl('common:language.name')).toBe('Polski');
    expect(pl('common:account.signedInAs', { name: 'Anna' })).toBe('Zalogowano jako Anna');
    expect(pl('common:account.signedInAs', { name: 'Jan' })).toBe('Zalogowano jako Jan');
    expect(pl('home:desks.heading', { count: 1 })).not.toBe(pl('home:desks.heading', { count: 2 }));
  });

  it('gives the first of the keys tried in turn that has a text, remembered per list and options', () => {
    const pl = translator(i18n, 'pl');
    const tried = ['meta:no.such.page', 'common:account.signedInAs'];
    expect(pl(tried, { name: 'Anna' })).toBe('Zalogowano jako Anna');
    expect(pl(tried, { name: 'Jan' })).toBe('Zalogowano jako Jan');
    expect(pl(['common:skipToContent', 'common:account.signedInAs'], { name: 'Anna' })).toBe('Przejdź do treści');
    expect(pl(['common:skipToContent', 'common:account.signedInAs'].join('\u0002'))).not.toBe('Przejdź do treści');
  });
});

describe('listTranslator', () => {
  const i18n = createI18n();

  it('gives a list key as its texts, each interpolated', () => {
    const items = listTranslator(i18n, 'en')('regulations:services.items', { name: 'MOSiR' });
    expect(items).toHaveLength(3);
    expect(items[1]).toMatch(/^The online services that MOSiR makes/);
  });

  it('refuses a key that is not a list, rather than spelling out a text', () => {
    const list = listTranslator(i18n, 'pl');
    expect(() => list('regulations:title')).toThrow(/not a list/);
    expect(() => list('regulations:nothing.here')).toThrow(/not a list/);
  });

  it("leaves the text translator's returnObjects to i18next instead of remembering a string", () => {
    const pl = translator(i18n, 'pl');
    const items: unknown = pl('regulations:rules.items', { returnObjects: true });
    expect(Array.isArray(items)).toBe(true);
  });
});
