// /healthz: the process is alive. /readyz: the database answers and its schema is current,
// and the process is not shutting down (so a load balancer stops sending it new requests).
import { Router } from 'express';
import type { Knex } from 'knex';
import { pendingMigrations } from '../db/migrations.ts';

export function healthRouter(db: Knex, { draining = () => false }: { draining?: () => boolean } = {}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (draining()) {
      res.status(503).json({ status: 'not ready', reason: 'shutting down' });
      return;
    }
    try {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json({ status: 'not ready', reason: 'pending migrations', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'not ready', reason: 'database unreachable' });
    }
  });
  return router;
}
