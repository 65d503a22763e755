import { describe, expect, it } from 'vitest';
import { createI18n, translator } from './i18n.ts';

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
});
