// What a tenant may be: the portal's own paths can't become slugs, brand colours must be
// readable with white text, and a broken tenant row is left out instead of taking the
// portal down.
import { Writable } from 'node:stream';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { upsertTenant } from '../../src/platform/tenancy/tenant-admin.ts';
import { RESERVED_SLUGS } from '../../src/platform/tenancy/reserved-slugs.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, tenantInput, type CreatedTenant } from '../support/factories.ts';
import { headingOne, visibleText } from './html.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

const db = useTestDatabase();

async function tenantCount(): Promise<number> {
  const row = await db.current.owner('tenants').count({ n: '*' }).first();
  return Number(row?.n);
}

describe('upsertTenant', () => {
  it('refuses every reserved slug, and writes nothing', async () => {
    const before = await tenantCount();
    const slugs = [...RESERVED_SLUGS, 'admin', 'api', '_dev', 'static', 'healthz', 'readyz'];
    for (const slug of slugs) {
      await expect(upsertTenant(db.current.owner, tenantInput({ slug }), TENANT_SETTINGS), slug).rejects.toThrow(
        ZodError,
      );
    }
    expect(await tenantCount()).toBe(before);
  });

  it('refuses slugs a URL could not carry as they are', async () => {
    for (const slug of ['Admin', 'MOSIR', '-mosir', 'mosir-', 'ośrodek', 'a/b', '..', '', 'a'.repeat(41)]) {
      await expect(upsertTenant(db.current.owner, tenantInput({ slug }), TENANT_SETTINGS), slug).rejects.toThrow(
        ZodError,
      );
    }
  });

  it('refuses brand colours that are not #rrggbb or are too light for white text (below 4.5:1)', async () => {
    const colours = ['#ffff00', '#777777', '#fff', 'red', '#12345g', '0b5394', '#0b5394; color: red'];
    for (const colour of colours) {
      const primary = tenantInput({ branding: { primaryColour: colour, accentColour: '#0b5394', logoText: 'X' } });
      await expect(upsertTenant(db.current.owner, primary, TENANT_SETTINGS), `primary ${colour}`).rejects.toThrow(
        ZodError,
      );
      const accent = tenantInput({ branding: { primaryColour: '#0b5394', accentColour: colour, logoText: 'X' } });
      await expect(upsertTenant(db.current.owner, accent, TENANT_SETTINGS), `accent ${colour}`).rejects.toThrow(
        ZodError,
      );
    }
    await expect(
      upsertTenant(
        db.current.owner,
        tenantInput({ branding: { primaryColour: '#ffff00', accentColour: '#000000', logoText: 'X' } }),
        TENANT_SETTINGS,
      ),
    ).rejects.toThrow(/contrast/);
  });

  it('accepts a colour just above 4.5:1 and stores it in lower case', async () => {
    const input = tenantInput({ branding: { primaryColour: '#767676', accentColour: '#0B5394', logoText: 'X' } });
    const id = await upsertTenant(db.current.owner, input, TENANT_SETTINGS);
    const row = await db.current.owner('tenants').where({ id }).first();
    expect(row.branding).toMatchObject({ primaryColour: '#767676', accentColour: '#0b5394' });
  });
});

describe('the registry, given a tenant row that is invalid in the database', () => {
  let healthy: CreatedTenant;
  const broken: { label: string; tenant?: CreatedTenant; change: Record<string, unknown> }[] = [
    {
      label: 'a colour with too little contrast',
      change: { branding: { primaryColour: '#ffff00', accentColour: '#000000', logoText: 'X' } },
    },
    {
      label: 'a colour that is not one',
      change: { branding: { primaryColour: 'url(x)', accentColour: '#000000', logoText: 'X' } },
    },
    { label: 'an unknown time zone', change: { time_zone: 'Mars/Olympus_Mons' } },
    { label: 'an unknown module', change: { modules: ['registration', 'teleport'] } },
    { label: 'an empty name', change: { name: '' } },
    {
      label: 'contact details without an e-mail',
      change: { contact: { address: { street: 'x', postalCode: 'y', city: 'z' }, phone: '123' } },
    },
  ];
  let reservedSlug: CreatedTenant;

  beforeAll(async () => {
    healthy = await createTenant(db.current.owner, { name: 'Zdrowy Ośrodek' });
    for (const entry of broken) {
      entry.tenant = await createTenant(db.current.owner, { name: `Zepsuty: ${entry.label}` });
      await db.current.owner('tenants').where({ id: entry.tenant.id }).update(entry.change);
    }
    // The database checks the slug's format, not the portal's reserved words.
    reservedSlug = await createTenant(db.current.owner, { name: 'Podszywający się Admin' });
    await db.current.owner('tenants').where({ id: reservedSlug.id }).update({ slug: 'admin' });
  });

  it('does not serve it, and keeps serving the others', async () => {
    const { app, registry } = await createTestApp(db.current);
    for (const entry of broken) {
      expect(registry.findBySlug(entry.tenant!.input.slug), entry.label).toBeUndefined();
      const response = await request(app).get(`/${entry.tenant!.input.slug}/`);
      expect(response.status, entry.label).toBe(404);
    }
    expect(registry.findBySlug('admin')).toBeUndefined();
    const admin = await request(app).get('/admin/').expect(404);
    expect(visibleText(admin.text)).not.toContain('Podszywający się Admin');

    const home = await request(app).get(`/${healthy.input.slug}/`).expect(200);
    expect(headingOne(home.text)).toBe('Zdrowy Ośrodek');
    const directory = await request(app).get('/').expect(200);
    expect(visibleText(directory.text)).toContain('Zdrowy Ośrodek');
    expect(visibleText(directory.text)).not.toContain('Zepsuty');
  });

  it('tells the operator which tenant was left out and why', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    await new TenantRegistry(db.current.app, createLogger('error', sink), TENANT_SETTINGS).reload();
    const logged = lines.map((line) => JSON.parse(line) as { slug?: string; msg: string });
    for (const entry of broken) {
      expect(logged, entry.label).toContainEqual(
        expect.objectContaining({ slug: entry.tenant!.input.slug, msg: 'tenant row is invalid; not served' }),
      );
    }
    expect(logged.map((line) => line.slug)).not.toContain(healthy.input.slug);
  });

  it('serves it again once the owner repairs it', async () => {
    const entry = broken[0]!;
    await db.current
      .owner('tenants')
      .where({ id: entry.tenant!.id })
      .update({ branding: entry.tenant!.input.branding });
    const { app } = await createTestApp(db.current);
    await request(app).get(`/${entry.tenant!.input.slug}/`).expect(200);
  });
});
