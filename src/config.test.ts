import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const DB = 'postgres://okienko_app:secret@db.internal:5432/okienko';
const WORKER_DB = 'postgres://okienko_worker:secret@db.internal:5432/okienko';
const OWNER_DB = 'postgres://okienko_owner:secret@db.internal:5432/okienko';
const SECRET = 's'.repeat(32);
const KEY = randomBytes(32).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: DB,
  DATABASE_WORKER_URL: WORKER_DB,
  SESSION_SECRET: SECRET,
  DATA_KEY: KEY,
  PUBLIC_URL: 'https://okienko.example.pl',
  SMTP_URL: 'smtp://mail.internal:587',
};

/** The ConfigError's message, failing the test if loadConfig does not throw one. */
function problemWith(source: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...source });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(source)}`);
}

describe('loadConfig defaults', () => {
  it('starts a development portal on port 3000 with the embedded database', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      database: { adminUrl: undefined, poolMax: 10 },
      smtpUrl: undefined,
      dataDir: dir,
      logLevel: 'info',
      passwordHashNice: 19,
      passwordHashIdle: true,
      sessionCache: true,
    });
    expect(config.database.appUrl).toBeUndefined();
  });

  it('derives the public URL from PORT and trims a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://e.example.pl//' }).publicUrl).toBe(
      'https://e.example.pl',
    );
  });

  it('takes DATABASE_URL alone as a superuser URL outside production', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: DB }).database).toEqual({ adminUrl: DB, poolMax: 10 });
  });
});

describe('loadConfig rejects bad values, naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'localhost:5432/okienko'],
    ['DATABASE_URL', 'mysql://user@db/okienko'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_MAX', '0'],
    ['SESSION_SECRET', 'short'],
    ['SESSION_SECRET', 'x'.repeat(31)],
    ['DATA_KEY', 'not-a-key'],
    ['DATA_KEY', randomBytes(16).toString('base64')],
    ['DATA_KEY', randomBytes(32).toString('hex')],
    ['DATA_KEY', `%%%%!!!!${KEY}`],
    ['PUBLIC_URL', 'javascript:alert(1)'],
    ['PUBLIC_URL', 'okienko.example.pl'],
    ['SMTP_URL', 'http://mail.example'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'verbose'],
    ['WORKER_IN_PROCESS', 'yes'],
    ['WORKER_IN_PROCESS', 'TRUE'],
    ['WORKER_IN_PROCESS', '2'],
    ['SESSION_CACHE', 'off'],
    ['PASSWORD_HASH_IDLE', 'yes'],
    ['METRICS_PORT', '0'],
    ['METRICS_PORT', 'http'],
    ['PASSWORD_HASH_CONCURRENCY', '0'],
    ['PASSWORD_HASH_CONCURRENCY', 'all'],
    ['PASSWORD_HASH_NICE', '-5'],
    ['PASSWORD_HASH_NICE', '20'],
    ['PASSWORD_HASH_NICE', 'low'],
  ])('%s=%s', (name, value) => {
    expect(problemWith({ [name]: value })).toMatch(new RegExp(`^\\s+- ${name}:`, 'm'));
  });

  it('lists every problem at once', () => {
    const message = problemWith({ PORT: 'abc', SESSION_SECRET: 'short' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/SESSION_SECRET/);
  });

  it('never echoes a secret value in the message', () => {
    expect(problemWith({ SESSION_SECRET: 'hunter2-short' })).not.toContain('hunter2');
    expect(problemWith({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).not.toContain('hunter2');
  });
});

describe('loadConfig in production', () => {
  it('accepts a complete configuration and connects with the given role URLs', () => {
    const dir = dataDir();
    const config = loadConfig({ ...PRODUCTION, DATA_DIR: dir });
    expect(config.env).toBe('production');
    expect(config.host).toBe('0.0.0.0'); // containers listen on every interface
    expect(config.database).toEqual({ ownerUrl: undefined, appUrl: DB, workerUrl: WORKER_DB, poolMax: 10 });
    expect(config.sessionSecret).toBe(SECRET);
    expect(config.dataKey.equals(Buffer.from(KEY, 'base64'))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('requires all five of its variables, and names each one missing', () => {
    const all = problemWith({ NODE_ENV: 'production' });
    for (const name of ['DATABASE_URL', 'DATABASE_WORKER_URL', 'SESSION_SECRET', 'DATA_KEY', 'PUBLIC_URL']) {
      expect(all).toMatch(new RegExp(`- ${name}: required in production`));
      const { [name as keyof typeof PRODUCTION]: _left, ...rest } = PRODUCTION;
      expect(problemWith(rest)).toBe(`Invalid configuration:\n  - ${name}: required in production`);
      // Set but empty is the same as missing.
      expect(problemWith({ ...PRODUCTION, [name]: '' })).toMatch(new RegExp(`- ${name}: required in production`));
    }
  });

  it('requires SMTP_URL where mail is sent: the worker, or web running the jobs in-process', () => {
    const { SMTP_URL: _smtp, ...withoutSmtp } = PRODUCTION;
    expect(problemWith(withoutSmtp)).toMatch(/- SMTP_URL: required in production where mail is sent/);
    expect(() => loadConfig(withoutSmtp, 'worker')).toThrow(/SMTP_URL: required/);
    // A web process that leaves the jobs to a separate worker sends no mail.
    expect(loadConfig({ ...withoutSmtp, WORKER_IN_PROCESS: 'false' }).smtpUrl).toBeUndefined();
  });
});

describe('loadConfig outside production', () => {
  it('generates SESSION_SECRET and DATA_KEY into DATA_DIR once, readable only by the owner, and reuses them', () => {
    const dir = path.join(dataDir(), 'nested', 'data');
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.dataKey).toHaveLength(32);
    for (const file of ['session-secret', 'data-key']) {
      expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.dataKey.equals(first.dataKey)).toBe(true);

    const elsewhere = loadConfig({ DATA_DIR: dataDir() });
    expect(elsewhere.sessionSecret).not.toBe(first.sessionSecret);
    expect(elsewhere.dataKey.equals(first.dataKey)).toBe(false);
  });

  it('prefers secrets given in the environment and then writes no files', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET, DATA_KEY: KEY });
    expect(config.sessionSecret).toBe(SECRET);
    expect(config.dataKey.toString('base64')).toBe(KEY);
    expect(existsSync(path.join(dir, 'session-secret'))).toBe(false);
    expect(existsSync(path.join(dir, 'data-key'))).toBe(false);
  });

  it('refuses a damaged generated secret instead of running with it', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'data-key'), 'truncated\n');
    writeFileSync(path.join(dir, 'session-secret'), '\n');
    const message = problemWith({ DATA_DIR: dir });
    expect(message).toMatch(/DATA_KEY/);
    expect(message).toMatch(/SESSION_SECRET/);
    expect(message).toContain(path.join(dir, 'data-key'));
  });

  it.each([
    [{ DATABASE_OWNER_URL: OWNER_DB }],
    [{ DATABASE_WORKER_URL: WORKER_DB }],
    [{ DATABASE_OWNER_URL: OWNER_DB, DATABASE_WORKER_URL: WORKER_DB }],
    [{ DATABASE_OWNER_URL: OWNER_DB, DATABASE_URL: DB }],
    [{ DATABASE_WORKER_URL: WORKER_DB, DATABASE_URL: DB }],
  ])('refuses some role URLs without the others: %j', (source) => {
    expect(problemWith(source)).toMatch(/DATABASE_OWNER_URL, DATABASE_URL, DATABASE_WORKER_URL: give all three/);
  });

  it('uses all three role URLs when all are given', () => {
    const source = {
      DATA_DIR: dataDir(),
      DATABASE_OWNER_URL: OWNER_DB,
      DATABASE_URL: DB,
      DATABASE_WORKER_URL: WORKER_DB,
    };
    expect(loadConfig(source).database).toEqual({ ownerUrl: OWNER_DB, appUrl: DB, workerUrl: WORKER_DB, poolMax: 10 });
  });

  it('treats empty (and blank) values as unset', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: '',
      PORT: '',
      HOST: '  ',
      DATABASE_URL: '',
      DATABASE_OWNER_URL: '',
      SESSION_SECRET: '',
      DATA_KEY: ' ',
      LOG_LEVEL: '',
    });
    expect(config).toMatchObject({ env: 'development', port: 3000, host: '127.0.0.1', logLevel: 'info' });
    expect(config.database).toEqual({ adminUrl: undefined, poolMax: 10 });
    expect(config.dataKey).toHaveLength(32);
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: ' ' }).port).toBe(3000);
  });
});

describe.each([
  ['WORKER_IN_PROCESS', 'workerInProcess'],
  ['SESSION_CACHE', 'sessionCache'],
  ['PASSWORD_HASH_IDLE', 'passwordHashIdle'],
] as const)('%s (on by default)', (name, key) => {
  it.each([
    [undefined, true],
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('%s means %s', (value, expected) => {
    const source = value === undefined ? {} : { [name]: value };
    expect(loadConfig({ DATA_DIR: dataDir(), ...source })[key]).toBe(expected);
  });
});

describe('TRUST_PROXY', () => {
  it('refuses "true" in production, where a client could make up its address for every rate limit', () => {
    expect(problemWith({ ...PRODUCTION, TRUST_PROXY: 'true' })).toMatch(/^\s+- TRUST_PROXY: "true" trusts/m);
    expect(() => loadConfig({ ...PRODUCTION, DATA_DIR: dataDir(), TRUST_PROXY: '1' })).not.toThrow();
  });
});

describe('loadConfig for the worker process', () => {
  it('needs no SESSION_SECRET in production, and has none', () => {
    const { SESSION_SECRET: _secret, ...worker } = PRODUCTION;
    const dir = dataDir();
    const config = loadConfig({ ...worker, DATA_DIR: dir }, 'worker');
    expect(config.sessionSecret).toBeUndefined();
    expect(config.database).toMatchObject({ appUrl: DB, workerUrl: WORKER_DB });
    expect(readdirSync(dir)).toEqual([]);
    // The web process still needs it.
    expect(problemWith(worker)).toBe('Invalid configuration:\n  - SESSION_SECRET: required in production');
  });

  it('still requires the rest of production, and validates a SESSION_SECRET that is given', () => {
    const messageOf = (source: Record<string, string>): string => {
      try {
        loadConfig({ DATA_DIR: dataDir(), ...source }, 'worker');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    const missing = messageOf({ NODE_ENV: 'production' });
    for (const name of ['DATABASE_URL', 'DATABASE_WORKER_URL', 'DATA_KEY', 'PUBLIC_URL']) {
      expect(missing).toMatch(new RegExp(`- ${name}: required in production`));
    }
    expect(missing).not.toMatch(/SESSION_SECRET/);
    expect(messageOf({ ...PRODUCTION, SESSION_SECRET: 'short' })).toMatch(
      /- SESSION_SECRET: must be at least 32 characters/,
    );
  });

  it('outside production uses the same generated secret as the web process (role passwords derive from it)', () => {
    const dir = dataDir();
    const web = loadConfig({ DATA_DIR: dir });
    expect(loadConfig({ DATA_DIR: dir }, 'worker').sessionSecret).toBe(web.sessionSecret);
  });
});
