// Every mail template renders in every language: subject, HTML and text, with no key left
// untranslated and every link absolute.
import { describe, expect, it } from 'vitest';
import { tenantFromRow } from '../../src/features/tenants/tenant.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.ts';
import { createMailRenderer } from '../../src/mail/render.ts';
import { MAIL_TEMPLATES, type MailTemplateName } from '../../src/mail/templates.ts';
import { tenantInput } from '../support/factories.ts';

const SAMPLE_PARAMS: { [N in MailTemplateName]: unknown } = {
  'mail-check': { note: 'po zmianie serwera' },
  activation: { firstName: 'Zofia', token: 'A'.repeat(43), validHours: 72 },
  'registration-attempt': {},
};

const input = tenantInput({ slug: 'osir-test' });
const tenant = tenantFromRow({
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
});
const render = createMailRenderer({ i18n: createI18n(), publicUrl: 'https://portal.example.test', cache: true });

describe('mail templates', () => {
  for (const template of Object.keys(MAIL_TEMPLATES) as MailTemplateName[]) {
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

  it('puts the activation link, with its token, in both parts', () => {
    const mail = render({ template: 'activation', locale: 'pl', tenant, params: SAMPLE_PARAMS.activation });
    const link = `https://portal.example.test/osir-test/activate?token=${'A'.repeat(43)}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).toContain('72 godziny');
  });
});
