// Runs the operator CLI in-process against a test file's own database, capturing what it
// writes; and the database state a failed command must leave untouched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { runCli } from '../../src/cli/commands/run-cli.ts';
import type { TestDatabase } from '../support/database.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment an operator would have: the three role URLs, so loadConfig uses them as given. */
export function cliEnv(database: TestDatabase): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_OWNER_URL: database.urls.ownerUrl,
    DATABASE_URL: database.urls.appUrl,
    DATABASE_WORKER_URL: database.urls.workerUrl,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('base64'),
    // Both secrets are given, so nothing is generated here; a directory of its own all the same.
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'okienko-cli-')),
    LOG_LEVEL: 'silent',
  };
}

export async function okienko(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** tenant:create with every required option (overridable by name), then any extra arguments. */
export function createArgs(slug: string, overrides: Record<string, string> = {}, ...extra: string[]): string[] {
  const required: Record<string, string> = {
    slug,
    name: 'Ośrodek Sportu i Rekreacji w Brzozowie',
    kind: 'sports_centre',
    locale: 'pl',
    'time-zone': 'Europe/Warsaw',
    street: 'ul. Parkowa 1',
    'postal-code': '36-200',
    city: 'Brzozów',
    phone: '+48 13 000 00 00',
    email: `biuro@${slug}.example.pl`,
    'dpo-email': `iod@${slug}.example.pl`,
    ...overrides,
  };
  return ['tenant:create', ...Object.entries(required).flatMap(([name, value]) => [`--${name}`, value]), ...extra];
}

/** Every row of the global tenant tables, timestamps included: equal snapshots mean nothing was written. */
export async function tenantTables(owner: Knex): Promise<{ tenants: unknown[]; domains: unknown[] }> {
  return {
    tenants: await owner('tenants').orderBy('slug').select('*'),
    domains: await owner('tenant_domains').orderBy('hostname').select('*'),
  };
}
