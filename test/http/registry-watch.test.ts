// Every process caches the tenants; a change made through the tenant administration (which
// notifies in its transaction) reaches each cache within moments, also after the listening
// connection was cut.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TENANTS_CHANGED_CHANNEL, TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { upsertTenant } from '../../src/platform/tenancy/tenant-admin.ts';
import { notify } from '../../src/platform/db/notify.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { pollValue } from '../support/polling.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

const db = useTestDatabase();
const registries: TenantRegistry[] = [];

afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
});

async function watchedRegistry(): Promise<TenantRegistry> {
  const registry = new TenantRegistry(db.current.app, createLogger('silent'), TENANT_SETTINGS);
  registries.push(registry);
  await registry.reload();
  await registry.watch(db.current.urls.appUrl);
  return registry;
}

async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: db.current.adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

const LISTENERS = `FROM pg_stat_activity WHERE datname = $1 AND application_name = 'okienko tenant registry'`;

const listenerCount = (): Promise<number> =>
  asAdmin(async (admin) => (await admin.query(`SELECT count(*)::int AS n ${LISTENERS}`, [db.current.name])).rows[0].n);

const cutListener = (): Promise<number> =>
  asAdmin(
    async (admin) =>
      (await admin.query(`SELECT pg_terminate_backend(pid) ${LISTENERS}`, [db.current.name])).rowCount ?? 0,
  );

const rename = (tenant: CreatedTenant, name: string) =>
  upsertTenant(db.current.owner, { ...tenant.input, name }, TENANT_SETTINGS);

const nameOf = (registry: TenantRegistry, slug: string) => (): string | undefined => registry.findBySlug(slug)?.name;

describe('TenantRegistry.watch', () => {
  it('sees a new name, a new tenant, a new domain and a disabled tenant without a manual reload', async () => {
    const tenant = await createTenant(db.current.owner, { name: 'Stara Nazwa' });
    const registry = await watchedRegistry();
    expect(registry.findBySlug(tenant.input.slug)?.name).toBe('Stara Nazwa');

    await rename(tenant, 'Nowa Nazwa');
    expect(await pollValue(nameOf(registry, tenant.input.slug), (name) => name === 'Nowa Nazwa')).toBe('Nowa Nazwa');

    const added = await createTenant(db.current.owner);
    expect(await pollValue(() => registry.findBySlug(added.input.slug), Boolean)).toBeDefined();

    await upsertTenant(
      db.current.owner,
      { ...tenant.input, name: 'Nowa Nazwa', domains: ['nowa.example'] },
      TENANT_SETTINGS,
    );
    expect(await pollValue(() => registry.findByHost('nowa.example')?.id, Boolean)).toBe(tenant.id);

    // No command disables a tenant yet: an operator does it in SQL and notifies, as
    // docs/operations.md says (without the notice, within a minute's reload).
    await db.current.owner('tenants').where({ id: added.id }).update({ enabled: false });
    await notify(db.current.owner, TENANTS_CHANGED_CHANNEL);
    expect(
      await pollValue(
        () => registry.findBySlug(added.input.slug),
        (found) => !found,
      ),
    ).toBeUndefined();
  });

  it('ends with the last of many quick changes, not an earlier one', async () => {
    const tenant = await createTenant(db.current.owner);
    const registry = await watchedRegistry();
    for (let round = 1; round <= 30; round += 1) {
      await rename(tenant, `Nazwa ${round}`);
    }
    expect(await pollValue(nameOf(registry, tenant.input.slug), (name) => name === 'Nazwa 30')).toBe('Nazwa 30');
  });

  it('reads one reload at a time, so an older read can never land after a newer one', async () => {
    const tenant = await createTenant(db.current.owner, { name: 'Przed' });
    const registry = new TenantRegistry(db.current.app, createLogger('silent'), TENANT_SETTINGS);
    let inFlight = 0;
    let most = 0;
    const started = (query: { sql?: string }): void => {
      if (!/from "tenants"/.test(query.sql ?? '')) return;
      inFlight += 1;
      most = Math.max(most, inFlight);
    };
    const finished = (_response: unknown, query: { sql?: string }): void => {
      if (/from "tenants"/.test(query.sql ?? '')) inFlight -= 1;
    };
    db.current.app.on('query', started).on('query-response', finished);
    try {
      const burst = Array.from({ length: 8 }, () => registry.reload());
      await db.current.owner('tenants').where({ id: tenant.id }).update({ name: 'Po' });
      const last = registry.reload();
      await Promise.all([...burst, last]);
    } finally {
      db.current.app.off('query', started).off('query-response', finished);
    }
    expect(most).toBe(1);
    expect(registry.findBySlug(tenant.input.slug)?.name).toBe('Po');
  });

  it('reconnects after its connection is cut, catches up on what it missed, and listens again', async () => {
    const tenant = await createTenant(db.current.owner, { name: 'Przed Awarią' });
    const registry = await watchedRegistry();
    expect(await cutListener()).toBe(1);
    // Changed while nobody listens: the reload after reconnecting must catch it.
    await rename(tenant, 'W Czasie Awarii');
    const read = nameOf(registry, tenant.input.slug);
    expect(await pollValue(read, (name) => name === 'W Czasie Awarii')).toBe('W Czasie Awarii');
    await rename(tenant, 'Po Awarii');
    expect(await pollValue(read, (name) => name === 'Po Awarii')).toBe('Po Awarii');
    expect(await listenerCount()).toBe(1);
  });

  it('closes its listening connection on close(), and stays closed', async () => {
    const registry = await watchedRegistry();
    expect(await listenerCount()).toBe(1);
    await registry.close();
    expect(await pollValue(listenerCount, (n) => n === 0)).toBe(0);
  });

  it('does not reconnect after close() when the cut comes first', async () => {
    const registry = await watchedRegistry();
    expect(await cutListener()).toBe(1);
    await registry.close();
    // The reconnect delay is 2 s; a reconnect that ignored close() would show up by then.
    const count = await pollValue(listenerCount, (n) => n > 0, 3_000);
    expect(count).toBe(0);
  });
});
