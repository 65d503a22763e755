// An invalid form: 422, an error summary linked to the fields in the visitor's language, the
// values kept, nothing changed; unknown fields ignored.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { csrfTokenIn, newAgent } from '../support/sessions.ts';
import { headingOne } from './html.ts';

const db = useTestDatabase();

describe('an invalid form', () => {
  it('re-renders with 422 and an error summary linked to the field, in the visitor’s language', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current, { testRoutes: true });
    for (const [lang, summary, message] of [
      ['pl', 'Popraw błędy w formularzu', 'To pole jest wymagane.'],
      ['en', 'There is a problem', 'This field is required.'],
      ['cs', 'Opravte chyby ve formuláři', 'Toto pole je povinné.'],
    ] as const) {
      const agent = newAgent(app);
      const form = await agent.get(`/${tenant.input.slug}/_test/sign-in?lang=${lang}`).expect(200);
      const response = await agent
        .post(`/${tenant.input.slug}/_test/sign-in`)
        .type('form')
        .send({ _csrf: csrfTokenIn(form.text), name: '   ' })
        .expect(422);
      expect(response.text).toContain(summary);
      expect(response.text).toMatch(new RegExp(`<a href="#name">${message}</a>`));
      expect(response.text).toContain('aria-invalid="true" aria-describedby="name-error"');
      expect(response.text).toMatch(/id="name-error"/);
    }
    const rows = await withTenant(db.current.app, tenant.id, (trx) => trx('sessions').count({ n: '*' }));
    expect(rows[0]!.n).toBe('0');
  });

  it('keeps what was typed, says how long is too long, and ignores fields it does not know', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current, { testRoutes: true });
    const agent = newAgent(app);
    const form = await agent.get(`/${tenant.input.slug}/_test/sign-in?lang=en`);
    const tooLong = 'x'.repeat(101);
    const response = await agent
      .post(`/${tenant.input.slug}/_test/sign-in`)
      .type('form')
      .send({ _csrf: csrfTokenIn(form.text), name: tooLong, isAdmin: 'true', tenant_id: 'someone-else' })
      .expect(422);
    expect(response.text).toContain('Enter at most 100 characters.');
    expect(response.text).toContain(`value="${tooLong}"`);
    expect(headingOne(response.text)).toBe('Test sign-in');
  });
});
