// An invalid form: 422, an error summary linked to the fields in the visitor's language, the
// values kept (never a password), nothing changed; unknown fields ignored. The sign-in form
// stands for every form: they all go through readForm/renderInvalid (src/platform/http/forms.ts).
import { describe, expect, it } from 'vitest';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { csrfTokenIn, newAgent } from '../support/sessions.ts';
import { headingOne } from './html.ts';

const db = useTestDatabase();

/** Sessions and sign-in attempts at the tenant: an invalid form adds to neither. */
const traces = (tenantId: TenantId) =>
  withTenant(db.current.app, tenantId, async (trx) => ({
    sessions: Number((await trx('sessions').count({ n: '*' }))[0]!.n),
    signIns: Number((await trx('sign_in_events').count({ n: '*' }))[0]!.n),
  }));

describe('an invalid form', () => {
  it('re-renders with 422 and an error summary linked to the fields, in the visitor’s language', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    for (const [lang, summary, message] of [
      ['pl', 'Popraw błędy w formularzu', 'To pole jest wymagane.'],
      ['en', 'There is a problem', 'This field is required.'],
      ['cs', 'Opravte chyby ve formuláři', 'Toto pole je povinné.'],
    ] as const) {
      const agent = newAgent(app);
      const form = await agent.get(`/${tenant.input.slug}/sign-in?lang=${lang}`).expect(200);
      const response = await agent
        .post(`/${tenant.input.slug}/sign-in`)
        .type('form')
        .send({ _csrf: csrfTokenIn(form.text), identifier: '   ', password: '' })
        .expect(422);
      expect(response.text).toContain(summary);
      for (const field of ['identifier', 'password']) {
        expect(response.text).toContain(`<a href="#${field}">${message}</a>`);
        expect(response.text).toMatch(new RegExp(`id="${field}-error"`));
      }
      expect(response.text).toContain('aria-invalid="true" aria-describedby="identifier-hint identifier-error"');
      expect(response.text).toContain('aria-invalid="true" aria-describedby="password-error"');
    }
    expect(await traces(tenant.id)).toEqual({ sessions: 0, signIns: 0 });
  });

  it('keeps what was typed, says how long is too long, and ignores fields it does not know', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    const agent = newAgent(app);
    const form = await agent.get(`/${tenant.input.slug}/sign-in?lang=en`);
    const tooLong = `${'x'.repeat(250)}@e.pl`;
    const response = await agent
      .post(`/${tenant.input.slug}/sign-in`)
      .type('form')
      .send({
        _csrf: csrfTokenIn(form.text),
        identifier: tooLong,
        password: client.password,
        isAdmin: 'true',
        tenant_id: 'someone-else',
      })
      .expect(422);
    expect(response.text).toContain('Enter at most 254 characters.');
    expect(response.text).toContain(`value="${tooLong}"`);
    expect(response.text).not.toContain(client.password);
    expect(response.text).not.toContain('someone-else');
    expect(headingOne(response.text)).toBe('Sign in');
    expect(await traces(tenant.id)).toEqual({ sessions: 0, signIns: 0 });
  });
});
