// A password is verified outside any transaction, so whatever happens to the account while
// argon2 runs must still decide the answer: a sign-in with the old password that is still being
// verified when the owner resets it or closes the account must not open a session.
// The verification is held open by a gate around the real argon2 queue, so the interleaving is
// certain rather than hoped for.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createNationalIdProtector } from '../../src/features/accounts/clients/national-id.ts';
import { closeAccount } from '../../src/features/accounts/my-data/close-account.service.ts';
import { loadClientProfile } from '../../src/features/accounts/clients/client-profile.ts';
import { signInClient, type SignInDeps } from '../../src/features/accounts/sign-in/sign-in.service.ts';
import { storeNewPassword } from '../../src/features/accounts/password/store-password.ts';
import { createRateLimit } from '../../src/platform/http/rate-limit.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { createKeyedHash } from '../../src/platform/crypto/keyed-hash.ts';
import { createPasswordHasher, hashPassword } from '../../src/platform/crypto/password-hash.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { loadedRegistry, TEST_DATA_KEY, testOutbox } from '../support/mail.ts';
import { pollValue } from '../support/polling.ts';
import { signInPortal } from './helpers.ts';

const db = useTestDatabase();

/** A real argon2 queue whose verifications wait, once done, until the test opens the gate. */
function gatedPasswords() {
  const real = createPasswordHasher({ concurrency: 1 });
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let verifying = false;
  return {
    passwords: {
      ...real,
      async verifyPassword(hash: string, password: string) {
        const result = await real.verifyPassword(hash, password);
        verifying = true;
        await gate;
        return result;
      },
    },
    isVerifying: () => verifying,
    open: () => open(),
  };
}

async function raceSetUp() {
  const portal = await signInPortal(db.current);
  const client = await createActiveClient(db.current.app, portal.tenant.id);
  const registry = await loadedRegistry(db.current);
  const tenant = registry.findBySlug(portal.slug)!;
  const gated = gatedPasswords();
  const deps: SignInDeps = {
    db: db.current.app,
    clock: portal.clock,
    outbox: testOutbox(portal.clock),
    rateLimit: createRateLimit(db.current.app),
    identifierHash: createKeyedHash(TEST_DATA_KEY, 'test'),
    passwords: gated.passwords,
  };
  const visitor: ServiceContext = { tenant, actor: { kind: 'visitor' }, requestId: 'race-sign-in' };
  const pending = signInClient(deps, visitor, {
    identifier: client.email!,
    password: client.password,
    ip: '192.0.2.1',
    userAgent: 'test',
  });
  await pollValue(gated.isVerifying, (verifying) => verifying);
  return { portal, client, tenant, gated, pending, deps };
}

describe('a sign-in verified while the account changes', () => {
  it('is refused when the password was reset meanwhile', async () => {
    const { portal, client, tenant, gated, pending, deps } = await raceSetUp();
    const newHash = await hashPassword('Po-Resecie-Nowe-2027');
    await withTenant(db.current.app, portal.tenant.id, async (trx) => {
      const profile = await loadClientProfile(trx, { nationalIds: nationalIds(), tenant }, client.id, {
        forUpdate: true,
      });
      await storeNewPassword(trx, deps.outbox, profile!, newHash, portal.clock.now());
    });
    gated.open();
    expect((await pending).kind).toBe('refused');
  });

  it('is told the account is closed when it was closed meanwhile', async () => {
    const { portal, client, tenant, gated, pending, deps } = await raceSetUp();
    const profile = await withTenant(db.current.app, portal.tenant.id, (trx) =>
      loadClientProfile(trx, { nationalIds: nationalIds(), tenant }, client.id),
    );
    const owner: ServiceContext = { tenant, actor: { kind: 'client', clientId: client.id }, requestId: 'race-close' };
    expect((await closeAccount({ ...deps, nationalIds: nationalIds() }, owner, profile!)).kind).toBe('closed');
    gated.open();
    expect((await pending).kind).toBe('closed');
  });
});

const nationalIds = () => createNationalIdProtector({ dataKey: TEST_DATA_KEY, previousDataKeys: [] });
