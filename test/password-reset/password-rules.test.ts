// The password rules name the PESEL only at a tenant that collects it: the list beside the
// field on every page where a password is chosen (the activation link's, the reset link's and
// the change page) and the refusal of a password containing the client's name, in pl, en and cs.
import { describe, expect, it } from 'vitest';
import type { TenantSettings } from '../../src/platform/tenancy/tenant.ts';
import { visibleText } from '../http/html.ts';
import { createTestApp } from '../support/app.ts';
import { clockStartingNow } from '../support/clock.ts';
import { createActiveClient, TEST_PASSWORD } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { submitForm, type Fill } from '../support/forms.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { RAISED_LIMITS as RESET_LIMITS } from './helpers.ts';
import { ADULT_PESEL, RAISED_LIMITS as REGISTRATION_LIMITS, registrationFields } from '../registration/helpers.ts';

const db = useTestDatabase();

const LANGUAGES = ['pl', 'en', 'cs'] as const;
/** The personal-data rule as the page lists it, and the refusal, in each language. */
const NOT_PERSONAL = { pl: 'Nie może zawierać', en: 'Does not contain', cs: 'Nesmí obsahovat' };
const PERSONAL = { pl: 'Hasło nie może zawierać', en: 'must not contain your name', cs: 'Heslo nesmí obsahovat' };

/** The rules listed beside the password field. */
function rulesOf(html: string): string {
  const rules = /<div id="password-rules"[\s\S]*?<\/div>/.exec(html);
  if (!rules) throw new Error('the page lists no password rules');
  return visibleText(rules[0]);
}

/** The sentence of the list (or the message) about personal data. */
function personalSentence(text: string, start: string): string {
  const at = text.indexOf(start);
  if (at < 0) throw new Error(`no "${start}" in: ${text}`);
  return text.slice(text.lastIndexOf('.', at) + 1, text.indexOf('.', at) + 1).trim();
}

async function tokenMailed(tenantId: string, template: string): Promise<string> {
  const row = (await outboxRows(db.current)).filter((r) => r.tenant_id === tenantId && r.template === template).at(-1);
  return sealedParamsOf(row!).token as string;
}

describe.each(['required', 'optional', 'none'] as const)('at a tenant whose PESEL setting is %s', (nationalId) => {
  const collectsPesel = nationalId !== 'none';

  async function setUp(settings: Partial<TenantSettings> = {}) {
    const tenant = await createTenant(db.current.owner, {
      settings: { selfRegistration: true, nationalId, ...settings },
    });
    const { app } = await createTestApp(db.current, {
      clock: clockStartingNow(),
      limits: { ...REGISTRATION_LIMITS, ...RESET_LIMITS },
    });
    return { tenant, slug: tenant.input.slug, app };
  }

  it('lists the rules with the PESEL only where it is collected, on every set-password page', async () => {
    const { tenant, slug, app } = await setUp();
    const client = await createActiveClient(db.current.app, tenant.id);
    const signedIn = newAgent(app);
    await signInAs(signedIn, slug, client);
    await submitForm(newAgent(app), `/${slug}/forgot-password`, { identifier: client.email! });
    const resetToken = await tokenMailed(tenant.id, 'password-reset');
    const pesel: Fill = nationalId === 'required' ? { pesel: ADULT_PESEL } : {};
    await submitForm(newAgent(app), `/${slug}/register`, registrationFields(pesel));
    const activationToken = await tokenMailed(tenant.id, 'activation');

    for (const lang of LANGUAGES) {
      for (const [agent, page] of [
        [signedIn, `/${slug}/account/password`],
        [newAgent(app), `/${slug}/reset-password?token=${resetToken}`],
        [newAgent(app), `/${slug}/activate?token=${activationToken}`],
      ] as const) {
        const shown = await agent.get(`${page}${page.includes('?') ? '&' : '?'}lang=${lang}`).expect(200);
        const rule = personalSentence(rulesOf(shown.text), NOT_PERSONAL[lang]);
        expect([lang, page, rule.includes('PESEL')]).toEqual([lang, page, collectsPesel]);
      }
    }
  });

  it('names the PESEL in the refusal of a password with personal data only where it is collected', async () => {
    const { tenant, slug, app } = await setUp();
    // createClient's clients are called Anna.
    const client = await createActiveClient(db.current.app, tenant.id);
    const agent = newAgent(app);
    await signInAs(agent, slug, client);
    const page = `/${slug}/account/password`;
    const password = 'Anna na zielonej łące 7';
    for (const lang of LANGUAGES) {
      const fill = { currentPassword: TEST_PASSWORD, password, passwordConfirmation: password };
      const refused = await submitForm(agent, `${page}?lang=${lang}`, fill, { action: page });
      expect(refused.status).toBe(422);
      const summary = visibleText(/<div class="error-summary"[\s\S]*?<\/div>/.exec(refused.text)![0]);
      const message = personalSentence(summary, PERSONAL[lang]);
      expect([lang, message.includes('PESEL')]).toEqual([lang, collectsPesel]);
    }
  });
});
