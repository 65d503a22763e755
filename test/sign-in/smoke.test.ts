import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { newAgent, signInWith } from '../support/sessions.ts';

const db = useTestDatabase();

describe('smoke', () => {
  it('signs in', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    const agent = newAgent(app);
    const wrong = await signInWith(agent, tenant.input.slug, client.email!, 'nope');
    expect(wrong.status).toBe(401);
    const response = await signInWith(agent, tenant.input.slug, client.email!, client.password);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/${tenant.input.slug}/account`);
    const page = await agent.get(`/${tenant.input.slug}/account`).expect(200);
    expect(page.text).toContain('Anna');
    await agent.get(`/${tenant.input.slug}/account/password`).expect(200);
  });
});
