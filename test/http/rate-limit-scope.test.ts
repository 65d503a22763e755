// A limit counts per tenant unless it is declared across tenants, when one IP's attempts at
// every tenant draw on the same budget.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createRateLimit, byIp } from '../../src/platform/http/rate-limit.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

function appWith(acrossTenants: boolean, name: string) {
  const rateLimit = createRateLimit(db.current.app);
  const app = express();
  app.post('/:tenant', (req, res, next) => {
    // As resolve-tenant and the context would: the tenant this request belongs to.
    res.locals.ctx = { tenant: { id: req.params.tenant } } as never;
    next();
  });
  app.post('/:tenant', rateLimit({ name, points: 2, durationSeconds: 60, key: byIp, acrossTenants }), (_req, res) => {
    res.sendStatus(204);
  });
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    void _next;
    res.sendStatus(error.status ?? 500);
  });
  return app;
}

describe('rate limit scope', () => {
  it('counts per tenant by default', async () => {
    const app = appWith(false, 'scope-test:per-tenant');
    const statuses = [];
    for (const tenant of ['a', 'a', 'b', 'b', 'a']) statuses.push((await request(app).post(`/${tenant}`)).status);
    expect(statuses).toEqual([204, 204, 204, 204, 429]);
  });

  it('counts one budget across tenants when declared so', async () => {
    const app = appWith(true, 'scope-test:across');
    const statuses = [];
    for (const tenant of ['a', 'b', 'c']) statuses.push((await request(app).post(`/${tenant}`)).status);
    expect(statuses).toEqual([204, 204, 429]);
  });
});
