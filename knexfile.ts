// For knex's own tooling (npx knex migrate:status, migrate:make …). The supported path is
// `npm run migrate`, which also bootstraps the roles in development; this file connects as
// the owner: DATABASE_OWNER_URL, else the superuser DATABASE_URL of a development setup.
import type { Knex } from 'knex';
import { migrationSource } from './src/platform/db/migrations.ts';

const config: Knex.Config = {
  client: 'pg',
  connection: process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL,
  migrations: { migrationSource },
};

export default config;
