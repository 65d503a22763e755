// Every mail template renders in every language: subject, HTML and text, with no key left
// untranslated and every link absolute.
import { describe, expect, it } from 'vitest';
import { tenantFromRow } from '../../src/platform/tenancy/tenant.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { SUPPORTED_LOCALES } from '../../src/platform/i18n/locales.ts';
import { createMailRenderer } from '../../src/platform/mail/render.ts';
import { MAILS, TENANT_SETTINGS } from '../../src/features/index.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { tenantInput } from '../support/factories.ts';
import { invitationLink, staffLink, staffLinkPath } from '../../src/features/staff/index.ts';
import { CARD_STATES } from '../../src/features/cards/index.ts';

const SAMPLE_PARAMS: Record<string, unknown> = {
  'mail-check': { note: 'po zmianie serwera' },
  activation: { firstName: 'Zofia', token: 'A'.repeat(43), validHours: 72 },
  'registration-attempt': {},
  'account-locked': { firstName: 'Zofia', lockMinutes: 15 },
  'password-reset': { firstName: 'Zofia', token: 'B'.repeat(43), validMinutes: 60 },
  'password-changed': { firstName: 'Zofia' },
  'email-change': { firstName: 'Zofia', token: 'C'.repeat(43), validHours: 24 },
  'email-change-notice': { firstName: 'Zofia', newEmailMasked: 'z***@example.org' },
  'email-change-in-use': {},
  'account-closed': { firstName: 'Zofia', anonymiseOn: '15.01.2027' },
  'staff-invitation': { path: staffLinkPath('invitation', 'D'.repeat(43)), validDays: 7 },
  'staff-password-reset': { path: staffLinkPath('password_reset', 'E'.repeat(43)), validHours: 24 },
  'card-state': {
    firstName: 'Zofia',
    cardName: 'Karta Klienta',
    cardCode: 'karta-klienta',
    state: 'issued',
    number: '770100000015',
    due: { amount: 2_000, currency: 'PLN' },
    reasons: 'Zdjęcie jest nieczytelne.',
  },
};

const input = tenantInput({ slug: 'osir-test' });
const tenant = tenantFromRow(
  {
    id: '00000000-0000-4000-8000-000000000001',
    slug: input.slug,
    name: input.name,
    kind: input.kind,
    modules: input.modules,
    default_locale: input.defaultLocale,
    time_zone: input.timeZone,
    branding: input.branding,
    contact: input.contact,
    settings: {},
    domains: [],
  },
  TENANT_SETTINGS,
);
const renderMail = createMailRenderer({ i18n: createI18n(), publicUrl: 'https://portal.example.test', cache: true });
const render = ({ template, ...mail }: { template: string; locale: Locale; tenant: Tenant; params: unknown }) =>
  renderMail({ template: MAILS.get(template)!, ...mail });

describe('mail templates', () => {
  it('has a sample for every template the features declare', () => {
    expect(Object.keys(SAMPLE_PARAMS).sort()).toEqual([...MAILS.keys()].sort());
  });

  for (const template of MAILS.keys()) {
    for (const locale of SUPPORTED_LOCALES) {
      it(`${template} renders in ${locale}`, () => {
        const mail = render({ template, locale, tenant, params: SAMPLE_PARAMS[template] });
        for (const part of [mail.subject, mail.html, mail.text]) {
          expect(part).not.toMatch(/\bmail:[\w-]+\.|\{\{|undefined|\[object /);
        }
        expect(mail.subject).toContain(tenant.name);
        expect(mail.html).toContain(`lang="${locale}"`);
        for (const [, href] of mail.html.matchAll(/href="([^"]+)"/g)) expect(href).toMatch(/^(https:\/\/|mailto:)/);
      });
    }
  }

  it('tells a card’s applicant its new state, its number, what is left to pay and the link to the card', () => {
    const mail = render({ template: 'card-state', locale: 'pl', tenant, params: SAMPLE_PARAMS['card-state'] });
    expect(mail.subject).toBe(`Karta Klienta: zmiana stanu (${tenant.name})`);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('wydana');
      expect(part).toContain('Numer karty: 770100000015.');
      expect(part).toMatch(/Do zapłaty pozostało 20,00\szł\./);
      expect(part).toContain('Zdjęcie jest nieczytelne.');
    }
    expect(mail.html).toContain('href="https://portal.example.test/osir-test/cards/karta-klienta"');
  });

  it('names every card state, in words, in every language', () => {
    const i18n = createI18n();
    for (const state of CARD_STATES) {
      for (const locale of SUPPORTED_LOCALES) {
        const params = { firstName: 'Zofia', cardName: 'Karta Miejska', cardCode: 'karta-miejska', state };
        const mail = render({ template: 'card-state', locale, tenant, params });
        const t = i18n.getFixedT(locale);
        const words = `${t(`cards:state.${state}.short`)} — ${t(`cards:state.${state}.long`)}`;
        expect(words, `${state} in ${locale}`).not.toMatch(/state\./);
        expect(mail.text).toContain(words);
      }
    }
  });

  it('tells where and when a city card ready for pickup may be collected, in every language', () => {
    const params = {
      firstName: 'Zofia',
      cardName: 'Karta Miejska',
      cardCode: 'karta-miejska',
      state: 'ready',
      pickup: { from: '2026-12-31', until: '2027-01-21' },
      desks: [
        { name: 'Punkt przy Dworcu', street: 'ul. Dworcowa 1', postalCode: '65-001', city: 'Zielonka' },
        { name: 'Punkt w Rynku', street: 'Rynek 5', postalCode: '65-002', city: 'Zielonka' },
      ],
    };
    const expected = {
      pl: ['od 31 grudnia 2026 do 21 stycznia 2027', 'Kartę wydaje każdy z punktów obsługi klienta:'],
      en: [
        'from 31 December 2026 until 21 January 2027',
        'The card is handed over at any of the customer service points:',
      ],
      cs: ['od 31. prosince 2026 do 21. ledna 2027', 'Kartu vydává kterékoli z klientských center:'],
    } as const;
    for (const locale of SUPPORTED_LOCALES) {
      const mail = render({ template: 'card-state', locale, tenant, params });
      for (const part of [mail.text, mail.html]) {
        for (const words of expected[locale]) expect(part).toContain(words);
        expect(part).toContain('Punkt przy Dworcu, ul. Dworcowa 1, 65-001 Zielonka');
        expect(part).toContain('Punkt w Rynku, Rynek 5, 65-002 Zielonka');
      }
    }
  });

  it('puts the activation link, with its token, in both parts', () => {
    const mail = render({ template: 'activation', locale: 'pl', tenant, params: SAMPLE_PARAMS.activation });
    const link = `https://portal.example.test/osir-test/activate?token=${'A'.repeat(43)}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).toContain('72 godziny');
  });

  it.each([
    ['password-reset', '/reset-password?token=' + 'B'.repeat(43)],
    ['email-change', '/account/email/confirm?token=' + 'C'.repeat(43)],
    ['account-locked', '/forgot-password'],
    ['password-changed', '/forgot-password'],
  ] as const)('puts the %s link in both parts', (template, path) => {
    const mail = render({ template, locale: 'en', tenant, params: SAMPLE_PARAMS[template] });
    const link = `https://portal.example.test/osir-test${path}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it('mails a member of staff the very link the operator’s commands print', () => {
    for (const [template, link] of [
      ['staff-invitation', invitationLink('https://portal.example.test', tenant, 'D'.repeat(43))],
      ['staff-password-reset', staffLink('https://portal.example.test', tenant, 'password_reset', 'E'.repeat(43))],
    ] as const) {
      const mail = render({ template, locale: 'cs', tenant, params: SAMPLE_PARAMS[template] });
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
    }
    expect(
      render({ template: 'staff-invitation', locale: 'pl', tenant, params: SAMPLE_PARAMS['staff-invitation'] }).text,
    ).toContain('przez 7 dni');
    expect(
      render({ template: 'staff-invitation', locale: 'cs', tenant, params: SAMPLE_PARAMS['staff-invitation'] }).text,
    ).toContain('platí 7 dní');
    expect(
      render({ template: 'staff-password-reset', locale: 'pl', tenant, params: SAMPLE_PARAMS['staff-password-reset'] })
        .text,
    ).toContain('przez 24 godziny');
  });

  it('says how long links and locks last, in each language’s plural', () => {
    const text = (template: string, locale: 'pl' | 'cs' | 'en', params: unknown) =>
      render({ template, locale, tenant, params }).text;
    expect(text('password-reset', 'pl', SAMPLE_PARAMS['password-reset'])).toContain('60 minut ');
    expect(text('password-reset', 'cs', SAMPLE_PARAMS['password-reset'])).toContain('platí 60 minut ');
    expect(text('account-locked', 'pl', { firstName: 'Zofia', lockMinutes: 2 })).toContain('na 2 minuty.');
    expect(text('account-locked', 'en', { firstName: 'Zofia', lockMinutes: 1 })).toContain('for 1 minute.');
  });

  it('tells the masked new address, never more, in the notice to the old one', () => {
    const mail = render({
      template: 'email-change-notice',
      locale: 'pl',
      tenant,
      params: SAMPLE_PARAMS['email-change-notice'],
    });
    expect(mail.text).toContain('z***@example.org');
    expect(mail.html).toContain('z***@example.org');
  });

  it('says when a closed account’s data is erased, or that it is kept as the law requires', () => {
    const dated = render({ template: 'account-closed', locale: 'en', tenant, params: SAMPLE_PARAMS['account-closed'] });
    expect(dated.text).toContain('erased on 15.01.2027');
    for (const locale of SUPPORTED_LOCALES) {
      const kept = render({ template: 'account-closed', locale, tenant, params: { firstName: 'Zofia' } });
      for (const part of [kept.html, kept.text]) expect(part).not.toMatch(/\bmail:[\w-]+\.|\{\{|undefined/);
      expect(kept.text).not.toContain('15.01.2027');
    }
    const keptEn = render({ template: 'account-closed', locale: 'en', tenant, params: { firstName: 'Zofia' } });
    expect(keptEn.text).toContain('as long as the law requires');
  });
});
