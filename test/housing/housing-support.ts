// What the housing tests share: a cooperative with a building and a flat (52,30 m², 3 persons,
// a maintenance account and a repair fund, fees with each basis) whose ledger is known to the
// grosz, its resident Anna signed in, a neighbour Piotr with a flat of his own, and the app on
// a fixed clock (11 December 2026).
import type { Express } from 'express';
import { controllableClock } from '../../src/lib/clock.ts';
import { nrbFromTemplate } from '../../src/lib/nrb.ts';
import { openAccount, postCharge, postPayment, type MoneyAccount } from '../../src/features/money/index.ts';
import { insertBuilding, insertFee, insertPremises, insertRight } from '../../src/features/housing/premises.repo.ts';
import type { Fund, RightKind } from '../../src/features/housing/housing.types.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient, type CreatedClient } from '../support/clients.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { newAgent, signInAs, type Agent } from '../support/sessions.ts';

export const clock = controllableClock(new Date('2026-12-11T09:00:00Z'));

export interface Flat {
  id: string;
  code: string;
  accounts: Record<Fund, MoneyAccount>;
}

export interface Cooperative {
  app: Express;
  tenant: Tenant;
  slug: string;
  flat: Flat;
  anna: CreatedClient & { password: string };
  annaBrowser: Agent;
  piotr: CreatedClient & { password: string };
  piotrsFlat: Flat;
  piotrBrowser: Agent;
}

let sequence = 0;

/** A flat of the building with its two accounts and its fees, opened on 1 January 2026. */
export async function createFlat(database: TestDatabase, tenantId: TenantId, buildingId: string): Promise<Flat> {
  sequence += 1;
  const code = `SL-${sequence}-${Math.random().toString(36).slice(2, 7)}`;
  return withTenant(database.app, tenantId, async (trx) => {
    const id = await insertPremises(trx, {
      buildingId,
      number: String(sequence),
      kind: 'residential',
      code,
      areaHundredths: 5_230,
      persons: 3,
      accountNumber: nrbFromTemplate({ sortingCode: '10901014', prefix: '00000712' }, sequence),
    });
    const accounts = {} as Record<Fund, MoneyAccount>;
    for (const [fund, name] of [
      ['maintenance', 'Opłaty eksploatacyjne'],
      ['repair_fund', 'Fundusz remontowy'],
    ] as const) {
      accounts[fund] = await openAccount(trx, {
        ownerKind: 'premises',
        ownerId: id,
        currency: 'PLN',
        kind: fund,
        name,
        openedOn: '2026-01-01',
      });
    }
    const fees = [
      { fund: 'maintenance', title: 'Eksploatacja', basis: 'area', rate: 345 },
      { fund: 'maintenance', title: 'Wywóz odpadów', basis: 'persons', rate: 3_700 },
      { fund: 'repair_fund', title: 'Fundusz remontowy', basis: 'fixed', rate: 10_000 },
    ] as const;
    for (const fee of fees) await insertFee(trx, { ...fee, premisesId: id, validFrom: '2026-01-01', validTo: null });
    return { id, code, accounts };
  });
}

/**
 * The flat's ledger: each month from January to November 2026 a maintenance charge of 291,44 zł
 * (52,30 m² × 3,45 zł = 180,44 zł, and 3 × 37,00 zł) due on the 10th and paid on the 8th, but
 * November's, left overdue; December's booked on the 1st, due on the 10th. The repair fund:
 * 100,00 zł a month, all paid.
 */
export async function postFlatHistory(database: TestDatabase, tenantId: TenantId, flat: Flat): Promise<void> {
  const context = {
    tenant: { id: tenantId } as Tenant,
    actor: { kind: 'system' as const, job: 'test' },
    requestId: 'test',
  };
  await withTenant(database.app, tenantId, async (trx) => {
    for (let month = 1; month <= 12; month += 1) {
      const mm = String(month).padStart(2, '0');
      for (const [fund, amount, title] of [
        ['maintenance', 29_144, `Opłaty ${mm}/2026`],
        ['repair_fund', 10_000, `Fundusz remontowy ${mm}/2026`],
      ] as const) {
        const accountId = flat.accounts[fund].id;
        await postCharge(trx, context, { accountId, amount, title, bookedOn: `2026-${mm}-01`, dueOn: `2026-${mm}-10` });
        if (month === 12 || (month === 11 && fund === 'maintenance')) continue;
        await postPayment(trx, context, {
          accountId,
          amount,
          currency: 'PLN',
          bookedOn: `2026-${mm}-08`,
          title: `Wpłata ${mm}/2026`,
          source: 'transfer',
        });
      }
    }
  });
}

export async function grantRight(
  database: TestDatabase,
  tenantId: TenantId,
  right: { premisesId: string; clientId: string; kind?: RightKind; validFrom: string; validTo?: string },
): Promise<void> {
  await withTenant(database.app, tenantId, (trx) => insertRight(trx, { kind: 'cooperative', validTo: null, ...right }));
}

/** The cooperative's NIP, for the banks' payment QR code. */
export const COOPERATIVE_NIP = '6342512344';

export async function cooperative(database: TestDatabase): Promise<Cooperative> {
  const created = await createTenant(database.owner, {
    kind: 'housing_cooperative',
    modules: ['premises', 'balance'],
    settings: { payeeNip: COOPERATIVE_NIP },
  });
  const { app, registry } = await createTestApp(database, { clock });
  const tenant = registry.findById(created.id)!;
  const buildingId = await withTenant(database.app, tenant.id, (trx) =>
    insertBuilding(trx, { street: 'ul. Słoneczna', houseNumber: '12', postalCode: '40-282', city: 'Katowice' }),
  );
  const flat = await createFlat(database, tenant.id, buildingId);
  await postFlatHistory(database, tenant.id, flat);
  const piotrsFlat = await createFlat(database, tenant.id, buildingId);
  const anna = await createActiveClient(database.app, tenant.id);
  const piotr = await createActiveClient(database.app, tenant.id);
  await grantRight(database, tenant.id, { premisesId: flat.id, clientId: anna.id, validFrom: '2026-01-01' });
  await grantRight(database, tenant.id, { premisesId: piotrsFlat.id, clientId: piotr.id, validFrom: '2026-01-01' });
  const annaBrowser = newAgent(app);
  await signInAs(annaBrowser, tenant.slug, anna);
  const piotrBrowser = newAgent(app);
  await signInAs(piotrBrowser, tenant.slug, piotr);
  return { app, tenant, slug: tenant.slug, flat, anna, annaBrowser, piotr, piotrsFlat, piotrBrowser };
}

/** A former resident of the flat, whose right ran from March to June 2026, signed in. */
export async function formerResident(database: TestDatabase, coop: Cooperative): Promise<Agent> {
  const former = await createActiveClient(database.app, coop.tenant.id);
  await grantRight(database, coop.tenant.id, {
    premisesId: coop.flat.id,
    clientId: former.id,
    validFrom: '2026-03-01',
    validTo: '2026-06-30',
  });
  const browser = newAgent(coop.app);
  await signInAs(browser, coop.slug, former);
  return browser;
}
