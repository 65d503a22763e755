// The only module that reads process.env. Every variable is validated here with zod;
// a bad value stops start-up with a message naming it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL');

// Strictly base64 (or base64url): Buffer.from() skips characters outside the alphabet, so a
// mistyped key would otherwise decode to some other 32 bytes without a word.
const BASE64_32_BYTES = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;
const base64Key32 = z
  .string()
  .refine(
    (value) => BASE64_32_BYTES.test(value) && Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes, base64-encoded',
  );
const sessionSecret = z.string().min(32, 'must be at least 32 characters');

// Strictly these four spellings: "yes", "on" or a typo must not quietly count as false.
const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
  .transform((value) => value === 'true' || value === '1');

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http:// or https:// URL');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Default: every interface in production (containers), only this machine otherwise. */
  HOST: z.string().min(1).optional(),
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATABASE_WORKER_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** argon2 hashes computed at once by one process; unset: one fewer than the CPU cores, at least 1. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** The nice value of the web process's hashing threads (Linux): pages get the CPU first; 0 turns it off. */
  PASSWORD_HASH_NICE: z.coerce.number().int().min(0).max(19).default(19),
  /** Also the idle scheduling class for them (Linux, with chrt): they run only when nothing else wants the CPU. */
  PASSWORD_HASH_IDLE: booleanFlag.default(true),
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of every mail; the tenant's name is shown as the display name. */
  MAIL_FROM: z.string().email('must be an e-mail address').optional(),
  SESSION_SECRET: sessionSecret.optional(),
  DATA_KEY: base64Key32.optional(),
  /** The key being rotated out: still read, never written (docs/operations.md, Rotating keys). */
  DATA_KEY_PREVIOUS: base64Key32.optional(),
  /** Prometheus metrics on a port of their own, never on the public one; unset means off. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Where the metrics listener binds: this machine only unless a scraper elsewhere needs it. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** false: `npm start` serves HTTP only, and a separate `npm run worker` runs the background jobs. */
  WORKER_IN_PROCESS: booleanFlag.default(true),
  /** false: every signed-in request loads its session from the database (no in-memory cache, no LISTEN for it). */
  SESSION_CACHE: booleanFlag.default(true),
  /** false: every premises overview reads the database (no tenant data in memory, no LISTEN for it). */
  TENANT_DATA_CACHE: booleanFlag.default(true),
  DATA_DIR: z.string().min(1).default('.data'),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(true|false|\d+|[\w.:/, -]+)$/,
      'must be true, false, a hop count, or proxy addresses (loopback, 10.0.0.0/8, …)',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof envSchema>['NODE_ENV'];

export interface Config {
  env: Environment;
  port: number;
  host: string;
  publicUrl: string;
  database: {
    /**
     * Outside production only: a superuser URL from which the portal creates its database and
     * roles. Unset, with no role URLs either, means the embedded PostgreSQL server.
     */
    adminUrl?: string;
    ownerUrl?: string;
    appUrl?: string;
    workerUrl?: string;
    poolMax: number;
  };
  smtpUrl?: string;
  mailFrom: string;
  sessionSecret: string;
  dataKey: Buffer;
  /** Keys data may still be encrypted with during a rotation; read, never written. */
  previousDataKeys: Buffer[];
  metricsPort?: number;
  metricsHost: string;
  /** Whether `npm start` also runs the background jobs (housekeeping, mail). */
  workerInProcess: boolean;
  /** Whether the web process keeps signed-in sessions in memory (src/platform/sessions/session-cache.ts). */
  sessionCache: boolean;
  /** Whether the web process keeps reads of tenant data in memory (src/platform/cache/tenant-data-cache.ts). */
  tenantDataCache: boolean;
  /** argon2 work at once; undefined means the default (CPU cores − 1, at least 1). */
  passwordHashConcurrency: number | undefined;
  /** Nice value of the hashing threads in the web process (src/platform/crypto/thread-priority.ts); 0: unchanged. */
  passwordHashNice: number;
  /** Whether those threads also move to the idle scheduling class (src/platform/crypto/thread-priority.ts). */
  passwordHashIdle: boolean;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Express "trust proxy": which proxies may tell the client address and protocol. */
  trustProxy: boolean | number | string;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Which process reads the configuration: only web processes sign cookies with SESSION_SECRET;
 * the worker and web (with WORKER_IN_PROCESS) send mail; operator commands do neither.
 */
export type ProcessKind = 'web' | 'worker' | 'cli';

export interface WorkerConfig extends Omit<Config, 'sessionSecret'> {
  /**
   * Unset in a production worker, which signs nothing. Outside production it is always set:
   * the database role passwords are derived from it, and the worker connects with them too.
   */
  sessionSecret: string | undefined;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a secret kept in the data directory, creating it on first use (outside production).
 * Created exclusively, so two processes starting together (app and worker) agree on one value.
 * A damaged file is reported, never replaced: data encrypted with the old key would be lost.
 */
function generatedSecret(
  dataDir: string,
  name: 'SESSION_SECRET' | 'DATA_KEY',
  schema: z.ZodType<string>,
  make: () => string,
  problems: string[],
): string {
  const file = path.join(dataDir, name === 'DATA_KEY' ? 'data-key' : 'session-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const value = readFileSync(file, 'utf8').trim();
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const reason = checked.error.issues[0]?.message ?? 'invalid';
    problems.push(`${name}: the generated value in ${file} ${reason}; restore the file or set ${name}`);
  }
  return value;
}

export function loadConfig(source?: NodeJS.ProcessEnv, kind?: 'web'): Config;
export function loadConfig(source: NodeJS.ProcessEnv, kind: 'worker' | 'cli'): WorkerConfig;
export function loadConfig(source: NodeJS.ProcessEnv = process.env, kind: ProcessKind = 'web'): Config | WorkerConfig {
  // Empty (or blank) strings count as unset, as docker-compose and shells often pass them.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production) {
    const required = ['DATABASE_URL', 'DATABASE_WORKER_URL', 'SESSION_SECRET', 'DATA_KEY', 'PUBLIC_URL'] as const;
    for (const name of required) {
      if (name === 'SESSION_SECRET' && kind !== 'web') continue;
      if (!env[name]) problems.push(`${name}: required in production`);
    }
    // The process that sends mail needs a server to send it to; the catcher is for development.
    const sendsMail = kind === 'worker' || (kind === 'web' && env.WORKER_IN_PROCESS);
    if (sendsMail && !env.SMTP_URL) {
      problems.push('SMTP_URL: required in production where mail is sent (the worker, or web with WORKER_IN_PROCESS)');
    }
    // "true" takes the left-most X-Forwarded-For, which the client writes itself: every per-IP
    // limit (sign-in above all) would be a limit per made-up address.
    if (env.TRUST_PROXY === 'true') {
      problems.push('TRUST_PROXY: "true" trusts addresses the client makes up; give the hop count (1) or the proxies');
    }
  }
  // Outside production either all three role URLs are given, or DATABASE_URL alone (a superuser).
  const explicitRoles = Boolean(env.DATABASE_OWNER_URL || env.DATABASE_WORKER_URL);
  if (!production && explicitRoles && !(env.DATABASE_OWNER_URL && env.DATABASE_URL && env.DATABASE_WORKER_URL)) {
    problems.push(
      'DATABASE_OWNER_URL, DATABASE_URL, DATABASE_WORKER_URL: give all three, or only DATABASE_URL (a superuser URL)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(env.DATA_DIR);
  const secret =
    env.SESSION_SECRET ??
    (production
      ? undefined
      : generatedSecret(
          dataDir,
          'SESSION_SECRET',
          sessionSecret,
          () => randomBytes(32).toString('base64url'),
          problems,
        ));
  const dataKey =
    env.DATA_KEY ??
    generatedSecret(dataDir, 'DATA_KEY', base64Key32, () => randomBytes(32).toString('base64'), problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    publicUrl,
    database:
      production || explicitRoles
        ? {
            ownerUrl: env.DATABASE_OWNER_URL,
            appUrl: env.DATABASE_URL,
            workerUrl: env.DATABASE_WORKER_URL,
            poolMax: env.DATABASE_POOL_MAX,
          }
        : { adminUrl: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? `no-reply@${new URL(publicUrl).hostname}`,
    sessionSecret: secret,
    dataKey: Buffer.from(dataKey, 'base64'),
    previousDataKeys: env.DATA_KEY_PREVIOUS ? [Buffer.from(env.DATA_KEY_PREVIOUS, 'base64')] : [],
    metricsPort: env.METRICS_PORT,
    metricsHost: env.METRICS_HOST,
    workerInProcess: env.WORKER_IN_PROCESS,
    sessionCache: env.SESSION_CACHE,
    tenantDataCache: env.TENANT_DATA_CACHE,
    passwordHashConcurrency: env.PASSWORD_HASH_CONCURRENCY,
    passwordHashNice: env.PASSWORD_HASH_NICE,
    passwordHashIdle: env.PASSWORD_HASH_IDLE,
    dataDir,
    logLevel: env.LOG_LEVEL,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

/** The configuration of `npm run worker`: as loadConfig, without needing SESSION_SECRET in production. */
export function loadWorkerConfig(source: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadConfig(source, 'worker');
}
