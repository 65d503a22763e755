// staff:create, staff:list, staff:disable and staff:reset-totp as an operator runs them: the
// invitation link printed once and working, refusals that exit 1 and write nothing, and
// data-key:rotate re-sealing the staff's TOTP secrets.
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.ts';
import { createSealedBox } from '../../src/platform/crypto/sealed-box.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { acceptInvitation, insertStaffMember, totpSecretContext } from '../../src/features/staff/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { loadedRegistry } from '../support/mail.ts';
import { cliEnv, okienko, type CliRun } from './cli-harness.ts';

const db = useTestDatabase();
let env: NodeJS.ProcessEnv;
let tenant: CreatedTenant;

beforeAll(async () => {
  env = { ...cliEnv(db.current), PUBLIC_URL: 'https://okienko.example.pl' };
  tenant = await createTenant(db.current.owner, { slug: 'osir-cli' });
});

const run = (...argv: string[]): Promise<CliRun> => okienko(argv, env);
const staffRows = () => withTenant(db.current.owner, tenant.id, (trx) => trx('staff').orderBy('email_key').select('*'));
const tokenRows = () =>
  withTenant(db.current.owner, tenant.id, (trx) => trx('staff_tokens').orderBy('created_at').select('*'));
const linkIn = (stdout: string): string => /https:\/\/\S+/.exec(stdout)![0];
const tokenOf = (link: string): string => new URL(link).searchParams.get('token')!;

describe('staff:create', () => {
  it('invites and prints a one-time link that sets the password', async () => {
    const created = await run(
      ...['staff:create', '--tenant', 'osir-cli', '--email', 'kierownik@osir.example.pl'],
      ...['--role', 'manager', '--name', 'Barbara Wiśniewska'],
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      'Invited Barbara Wiśniewska <kierownik@osir.example.pl> as manager at "osir-cli".',
    );
    const link = linkIn(created.stdout);
    expect(link).toMatch(/^https:\/\/okienko\.example\.pl\/osir-cli\/admin\/invitation\?token=[\w-]{43}$/);

    const registered = (await loadedRegistry(db.current)).findById(tenant.id)!;
    const context: ServiceContext = { tenant: registered, actor: { kind: 'visitor' }, requestId: 'test' };
    const accepted = await acceptInvitation({ db: db.current.app, clock: systemClock }, context, {
      token: tokenOf(link),
      password: 'a long staff passphrase 2026',
    });
    expect(accepted.kind).toBe('set');

    const listed = await run('staff:list', '--tenant', 'osir-cli');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^kierownik@osir\.example\.pl\s+Barbara Wiśniewska\s+manager\s+active\s+-/m);
    const json = JSON.parse((await run('staff:list', '--tenant', 'osir-cli', '--json')).stdout);
    expect(json).toEqual([
      expect.objectContaining({ email: 'kierownik@osir.example.pl', role: 'manager', status: 'active' }),
    ]);
  });

  it.each([
    [['--email', 'KIEROWNIK@osir.example.pl', '--role', 'clerk'], 'KIEROWNIK@osir.example.pl is already on the staff'],
    [['--email', 'nobody', '--role', 'clerk'], '--email: not an e-mail address'],
    [['--email', 'x@osir.example.pl', '--role', 'boss'], '--role: one of clerk, manager'],
  ])('refuses %j with exit 1 and writes nothing', async (args, message) => {
    const before = { staff: await staffRows(), tokens: await tokenRows() };
    const refused = await run('staff:create', '--tenant', 'osir-cli', ...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(message);
    expect(refused.stdout).toBe('');
    expect({ staff: await staffRows(), tokens: await tokenRows() }).toEqual(before);
  });

  it('refuses an unknown tenant', async () => {
    const refused = await run('staff:create', '--tenant', 'no-such', '--email', 'a@b.pl', '--role', 'clerk');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('no tenant with the slug "no-such"');
  });
});

describe('staff:disable and staff:reset-totp', () => {
  it('disables a clerk, says so, and refuses to do it twice', async () => {
    expect(
      (await run('staff:create', '--tenant', 'osir-cli', '--email', 'clerk@osir.example.pl', '--role', 'clerk')).code,
    ).toBe(0);
    const disabled = await run('staff:disable', '--tenant', 'osir-cli', '--email', 'Clerk@osir.example.pl');
    expect(disabled).toMatchObject({ code: 0, stderr: '' });
    expect(disabled.stdout).toContain('Disabled clerk@osir.example.pl at "osir-cli"; 0 session(s) ended.');
    const row = (await staffRows()).find((staff) => staff.email === 'clerk@osir.example.pl');
    expect(row).toMatchObject({ status: 'disabled' });
    expect(row.disabled_at).toBeInstanceOf(Date);
    const again = await run('staff:disable', '--tenant', 'osir-cli', '--email', 'clerk@osir.example.pl');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('clerk@osir.example.pl is already disabled');
  });

  it('clears the TOTP of the last manager and, asked to, prints a password link', async () => {
    await withTenant(db.current.owner, tenant.id, (trx) =>
      trx('staff')
        .where({ email_key: 'kierownik@osir.example.pl' })
        .update({
          totp_secret_sealed: Buffer.from('sealed'),
          totp_enrolled_at: new Date(),
        }),
    );
    const reset = await run(
      ...['staff:reset-totp', '--tenant', 'osir-cli', '--email', 'kierownik@osir.example.pl', '--password-link'],
    );
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(reset.stdout).toContain('TOTP cleared for Barbara Wiśniewska <kierownik@osir.example.pl>');
    expect(linkIn(reset.stdout)).toMatch(/^https:\/\/okienko\.example\.pl\/osir-cli\/admin\/password-reset\?token=/);
    const row = (await staffRows()).find((staff) => staff.email === 'kierownik@osir.example.pl');
    expect(row).toMatchObject({ status: 'active', totp_secret_sealed: null, totp_enrolled_at: null });
  });

  it('refuses an unknown member of staff and a disabled one, writing nothing', async () => {
    const before = { staff: await staffRows(), tokens: await tokenRows() };
    const unknown = await run('staff:reset-totp', '--tenant', 'osir-cli', '--email', 'who@osir.example.pl');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no member of staff with the e-mail who@osir.example.pl at "osir-cli"');
    const disabled = await run('staff:reset-totp', '--tenant', 'osir-cli', '--email', 'clerk@osir.example.pl');
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toContain('clerk@osir.example.pl is disabled; nothing was changed');
    expect({ staff: await staffRows(), tokens: await tokenRows() }).toEqual(before);
  });
});

describe('data-key:rotate', () => {
  it('re-seals a TOTP secret under the new key', async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const id = randomUUID();
    const secret = 'L4U7AWU46SQ2IML3CC7EJG7NUQ5TZYGC';
    await withTenant(db.current.owner, tenant.id, (trx) =>
      insertStaffMember(
        trx,
        { id, email: 'rotate@osir.example.pl', name: null, role: 'clerk', createdAt: new Date() },
        {
          passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
          totpSecretSealed: createSealedBox(oldKey).seal(secret, totpSecretContext(tenant.id, id)),
        },
      ),
    );
    const rotateEnv = { ...env, DATA_KEY: newKey.toString('base64'), DATA_KEY_PREVIOUS: oldKey.toString('base64') };
    const rotated = await okienko(['data-key:rotate'], rotateEnv);
    expect(rotated).toMatchObject({ code: 0, stdout: 'Re-encrypted 1 values under the current DATA_KEY.\n' });
    const row = (await staffRows()).find((staff) => staff.id === id);
    expect(createSealedBox(newKey).open(row.totp_secret_sealed, totpSecretContext(tenant.id, id))).toBe(secret);
  });
});
