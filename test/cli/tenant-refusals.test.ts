// Every refusal names what is wrong, exits non-zero, and writes nothing: the tenant tables
// are compared row by row (timestamps included) before and after each command.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { pollValue } from '../support/polling.ts';
import { cliEnv, createArgs, okienko, tenantTables } from './cli-harness.ts';

const db = useTestDatabase();
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = cliEnv(db.current);
  await createTenant(db.current.owner, { slug: 'mosir-stary', domains: ['mosir.example.pl'] });
  await createTenant(db.current.owner, { slug: 'mzk-stary', domains: ['mzk.example.pl'] });
});

interface Refusal {
  what: string;
  argv: string[];
  code: 1 | 2;
  says: string[];
}

const set = (...options: string[]): string[] => ['tenant:set', '--slug', 'mzk-stary', ...options];

const REFUSALS: Refusal[] = [
  { what: 'a slug with capitals', argv: createArgs('Zly_Slug'), code: 1, says: ['--slug: must be 1-40 lower-case'] },
  { what: 'a reserved slug', argv: createArgs('admin'), code: 1, says: ['--slug: "admin" is reserved'] },
  {
    what: 'a colour without contrast with white',
    argv: createArgs('zolty', {}, '--primary-colour', '#ffff00'),
    code: 1,
    says: ['--primary-colour: must have at least 4.5:1 contrast with white'],
  },
  {
    what: 'an unknown kind, language and time zone',
    argv: createArgs('nowy', { kind: 'zoo', locale: 'de', 'time-zone': 'Europe/Berlin' }),
    code: 1,
    says: [
      '--kind: Invalid option',
      '--locale: Invalid option: expected one of "pl"|"en"|"cs"',
      '--time-zone: Invalid',
    ],
  },
  {
    what: 'a single-valued option given twice',
    argv: createArgs('nowy', {}, '--kind', 'city_office'),
    code: 2,
    says: ['--kind is given more than once'],
  },
  {
    what: 'an unknown module',
    argv: createArgs('nowy', {}, '--module', 'casino'),
    code: 1,
    says: ['--module: Invalid'],
  },
  {
    what: 'a domain another tenant serves (create)',
    argv: createArgs('nowy', {}, '--domain', 'MOSIR.example.pl'),
    code: 1,
    says: ['--domain mosir.example.pl already serves tenant "mosir-stary"'],
  },
  {
    what: 'a domain another tenant serves (set)',
    argv: set('--add-domain', 'mosir.example.pl'),
    code: 1,
    says: ['--add-domain mosir.example.pl already serves tenant "mosir-stary"'],
  },
  {
    what: 'a malformed domain',
    argv: set('--add-domain', 'portal..example.pl', '--add-domain', '10.0.0.1'),
    code: 1,
    says: ['--add-domain portal..example.pl: must be a domain name', '--add-domain 10.0.0.1: must be a domain name'],
  },
  {
    what: 'removing a domain the tenant does not have',
    argv: set('--remove-domain', 'mosir.example.pl'),
    code: 1,
    says: ['--remove-domain mosir.example.pl: not a domain of "mzk-stary"'],
  },
  {
    what: 'an unknown setting key',
    argv: set('--setting', 'session.idleMinute=20'),
    code: 1,
    says: ['unknown setting "session.idleMinute"'],
  },
  {
    what: 'an unknown key inside a setting group given as JSON',
    argv: set('--setting', 'lockout={"maxFailures":5,"forever":true}'),
    code: 1,
    says: ['unknown setting "lockout.forever"'],
  },
  {
    what: 'a setting value of the wrong type',
    argv: set('--setting', 'minimumAge=abc'),
    code: 1,
    says: ['--setting minimumAge: Invalid input: expected number, received string'],
  },
  {
    what: 'a setting value out of range, with a valid change beside it',
    argv: set('--name', 'Zmieniona', '--setting', 'session.idleMinutes=1'),
    code: 1,
    says: ['--setting session.idleMinutes: Too small'],
  },
  {
    what: 'a tenant that does not exist',
    argv: ['tenant:set', '--slug', 'nie-ma', '--name', 'X Y'],
    code: 1,
    says: ['there is no tenant "nie-ma"'],
  },
  { what: 'tenant:set with nothing to change', argv: set(), code: 2, says: ['nothing to change'] },
  { what: 'a malformed --setting', argv: set('--setting', 'minimumAge'), code: 2, says: ['must look like key=value'] },
  {
    what: 'an unknown command',
    argv: ['tenant:delete', '--slug', 'mzk-stary'],
    code: 2,
    says: ['unknown command "tenant:delete"', 'Commands:'],
  },
  {
    what: 'an unknown option',
    argv: set('--colour', '#000000'),
    code: 2,
    says: ["Unknown option '--colour'", 'Usage:'],
  },
  {
    what: 'a missing required option',
    argv: ['tenant:create', '--slug', 'x'],
    code: 2,
    says: ['missing required --name'],
  },
];

describe('refusals', () => {
  it.each(REFUSALS)('refuses $what', async ({ argv, code, says }) => {
    const before = await tenantTables(db.current.owner);
    const result = await okienko(argv, env);
    for (const text of says) expect(result.stderr).toContain(text);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(await tenantTables(db.current.owner)).toEqual(before);
  });

  it('reports every invalid value at once, each by its option', async () => {
    const result = await okienko(
      createArgs('nowy', {}, '--accent-colour', 'red', '--logo-text', 'MUCH TOO LONG TEXT', '--website', 'ftp://x'),
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid values; nothing was written');
    expect(result.stderr).toContain('--accent-colour: must be a #rrggbb colour');
    expect(result.stderr).toContain('--logo-text: Too big');
    expect(result.stderr).toContain('--website:');
  });

  it('leaves no connection open after all those failures', async () => {
    const open = async (): Promise<number> =>
      (
        await db.current.owner.raw(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'okienko cli'",
        )
      ).rows[0].n;
    expect(await pollValue(open, (n) => n === 0)).toBe(0);
  });
});
