// The header and footer are rendered once per tenant, language and display mode and reused;
// what a visitor sees must still follow every change of those.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase();

describe('layout fragments', () => {
  it('follow the language, display mode, query string and a renamed tenant', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app, registry } = await createTestApp(db.current);
    const home = (cookie = '', query = '') =>
      request(app).get(`/${tenant.input.slug}/${query}`).set('Cookie', cookie).expect(200);

    expect((await home()).text).toContain('Przejdź do treści');
    expect((await home('okienko_lang=en')).text).toContain('Skip to content');
    expect((await home('okienko_lang=cs')).text).toContain('Přejít na obsah');
    expect((await home('okienko_contrast=high')).text).toContain('Standardowy kontrast');
    expect((await home()).text).toContain('Wysoki kontrast');
    // A query string is kept in the switch links, so those pages are rendered afresh.
    expect((await home('', '?text=2')).text).toContain('href="?text=2&amp;lang=en"');
    expect((await home()).text).toContain('href="?lang=en"');

    await db.current.owner('tenants').where({ id: tenant.id }).update({ name: 'Nowa Nazwa Ośrodka' });
    await registry.reload();
    const renamed = await home();
    expect(renamed.text.match(/Nowa Nazwa Ośrodka/g)?.length).toBeGreaterThanOrEqual(3); // header, footer, title
    expect(renamed.text).not.toContain(tenant.input.name);
  });
});
