import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './support/app.ts';
import { useTestDatabase } from './support/database.ts';
import { createTenant } from './support/factories.ts';

const db = useTestDatabase();

describe('tenant home', () => {
  it('shows the tenant name and its front desk', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const response = await request(app).get(`/${tenant.input.slug}/`).expect(200);
    expect(response.text).toContain(tenant.input.name);
    expect(response.text).toContain(tenant.desks[0]!.name);
  });
});
