// Peer baseline (b): TechEmpower's Fortunes test on the portal's own stack (Express 5, pg,
// EJS). Per request: one query of the 12 rows of `fortune`, one more fortune added in
// memory, sorted by message in code, rendered through an escaping EJS template.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import pg from 'pg';

interface Fortune {
  id: number;
  message: string;
}

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
  application_name: 'bench fortunes',
});

const app = express();
app.disable('x-powered-by');
app.set('env', 'production');
app.set('views', path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'));
app.set('view engine', 'ejs');
app.enable('view cache');

app.get('/fortunes', async (_req, res) => {
  const { rows } = await pool.query<Fortune>('SELECT id, message FROM fortune');
  rows.push({ id: 0, message: 'Additional fortune added at request time.' });
  rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  res.setHeader('Server', 'express');
  res.render('fortunes', { fortunes: rows });
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => void pool.end()));
}
