// The housing tenants' e-BOK (issue #21), so a newcomer signs in and sees a real one: the
// cooperative (SM Słoneczna) has a building with Maria Zielińska's flat and garage, the
// community (WM Lipowa) a building of its own. Each premises has a maintenance account and a
// repair fund, an individual account number from the tenant's bank scheme (the cooperative's
// by the template in its settings; the community's from its bank's list, ten numbers of which
// are left for the premises staff add), and monthly fees with their basis; Maria holds a
// cooperative right to the flat and ownership of the garage, and three years of monthly
// charges and payments with last month left overdue, a housing allowance, and a water and a
// heating settlement. Posted through the ledger's own services, so balances and allocations
// are what the portal makes. Idempotent: a tenant with buildings is left as it is.
import type { Knex } from 'knex';
import { nrbFromTemplate } from '../src/lib/nrb.ts';
import type { Tenant } from '../src/platform/tenancy/tenant.ts';
import { asTenantId, withTenant, type TenantId } from '../src/platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../src/platform/service-context.ts';
import { openAccount, postAllowance, postCharge, postPayment, type MoneyAccount } from '../src/features/money/index.ts';
import { monthlyFee, type Fund } from '../src/features/housing/index.ts';
import {
  insertAllowance,
  insertBuilding,
  insertFee,
  insertPremises,
  insertRight,
} from '../src/features/housing/premises.repo.ts';
import type { FeeBasis, MediaSettlement, PremisesKind, RightKind } from '../src/features/housing/housing.types.ts';
import { bookSettlement } from '../src/features/housing/settlements.service.ts';
import { insertImportedNumbers } from '../src/features/housing/account-numbers/account-numbers.repo.ts';

interface DemoPremises {
  number: string;
  kind: PremisesKind;
  code: string;
  areaHundredths: number;
  persons: number;
  fees: { fund: Fund; title: string; basis: FeeBasis; rate: number }[];
  /** The demo resident's right, from the start of the demo's three years. */
  right?: { clientLogin: string; kind: RightKind };
}

interface DemoBuilding {
  tenantSlug: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  /** The tenant's bank scheme: the bank's sorting code and the prefix of the premises' accounts. */
  bank: { sortingCode: string; prefix: string };
  /**
   * A tenant without a template in its settings: how many more numbers of the scheme its bank
   * has handed out as a list, unused yet, for the premises staff add (account-numbers/).
   */
  bankList?: number;
  premises: DemoPremises[];
}

const FLAT_FEES: DemoPremises['fees'] = [
  { fund: 'maintenance', title: 'Eksploatacja', basis: 'area', rate: 345 },
  { fund: 'maintenance', title: 'Centralne ogrzewanie (zaliczka)', basis: 'area', rate: 290 },
  { fund: 'maintenance', title: 'Woda i ścieki (zaliczka)', basis: 'persons', rate: 4_500 },
  { fund: 'maintenance', title: 'Wywóz odpadów', basis: 'persons', rate: 3_700 },
  { fund: 'repair_fund', title: 'Fundusz remontowy', basis: 'area', rate: 210 },
];

export const DEMO_BUILDINGS: readonly DemoBuilding[] = [
  {
    tenantSlug: 'sm-sloneczna',
    street: 'ul. Słoneczna',
    houseNumber: '12',
    postalCode: '40-282',
    city: 'Katowice',
    bank: { sortingCode: '10901014', prefix: '00000712' },
    premises: [
      {
        number: '3',
        kind: 'residential',
        code: 'SL12-003',
        areaHundredths: 5_230,
        persons: 3,
        fees: FLAT_FEES,
        right: { clientLogin: 'sm-1042', kind: 'cooperative' },
      },
      {
        number: 'G7',
        kind: 'garage',
        code: 'SL12-G07',
        areaHundredths: 1_850,
        persons: 0,
        fees: [
          { fund: 'maintenance', title: 'Opłata za garaż', basis: 'fixed', rate: 6_000 },
          { fund: 'repair_fund', title: 'Fundusz remontowy', basis: 'fixed', rate: 1_500 },
        ],
        right: { clientLogin: 'sm-1042', kind: 'ownership' },
      },
      { number: '4', kind: 'residential', code: 'SL12-004', areaHundredths: 6_415, persons: 2, fees: FLAT_FEES },
    ],
  },
  {
    tenantSlug: 'wm-lipowa',
    street: 'ul. Lipowa',
    houseNumber: '10',
    postalCode: '30-702',
    city: 'Kraków',
    bank: { sortingCode: '10901014', prefix: '00000813' },
    bankList: 10,
    premises: [
      { number: '1', kind: 'residential', code: 'LIP10-01', areaHundredths: 4_810, persons: 2, fees: FLAT_FEES },
      { number: '2', kind: 'commercial', code: 'LIP10-U2', areaHundredths: 7_200, persons: 0, fees: FLAT_FEES },
    ],
  },
];

const FUND_NAMES: Record<Fund, string> = { maintenance: 'Opłaty eksploatacyjne', repair_fund: 'Fundusz remontowy' };
const MONTHS = 36;

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const dayOfMonth = (year: number, month: number, day: number): string => isoDay(new Date(Date.UTC(year, month, day)));

export async function seedDemoHousing(owner: Knex, now: Date = new Date()): Promise<void> {
  const today = isoDay(now);
  const start = { year: now.getUTCFullYear(), month: now.getUTCMonth() - MONTHS };
  const startDay = dayOfMonth(start.year, start.month, 1);
  for (const building of DEMO_BUILDINGS) {
    const tenant = await owner('tenants').where({ slug: building.tenantSlug }).first('id');
    if (!tenant) continue;
    const tenantId = asTenantId(tenant.id as string);
    await withTenant(owner, tenantId, async (trx) => {
      if (await trx('buildings').first('id')) return;
      const buildingId = await insertBuilding(trx, building);
      let sequence = 0;
      for (const demo of building.premises) {
        sequence += 1;
        const premisesId = await insertPremises(trx, {
          buildingId,
          number: demo.number,
          kind: demo.kind,
          code: demo.code,
          areaHundredths: demo.areaHundredths,
          persons: demo.persons,
          accountNumber: nrbFromTemplate(building.bank, sequence),
        });
        const accounts = {} as Record<Fund, MoneyAccount>;
        for (const fund of ['maintenance', 'repair_fund'] as const) {
          accounts[fund] = await openAccount(trx, {
            ownerKind: 'premises',
            ownerId: premisesId,
            currency: 'PLN',
            kind: fund,
            name: FUND_NAMES[fund],
            openedOn: startDay,
          });
        }
        for (const fee of demo.fees) await insertFee(trx, { ...fee, premisesId, validFrom: startDay, validTo: null });
        if (!demo.right) continue;
        const client = await trx('clients').where({ login_key: demo.right.clientLogin }).first('id');
        if (!client) continue;
        await insertRight(trx, {
          premisesId,
          clientId: client.id as string,
          kind: demo.right.kind,
          validFrom: startDay,
          validTo: null,
        });
        await postHistory(trx, tenantId, { premises: demo, accounts, start, today });
      }
      const listed = Array.from({ length: building.bankList ?? 0 }, (_, index) => ({
        number: nrbFromTemplate(building.bank, sequence + index + 1),
        line: index + 1,
      }));
      await insertImportedNumbers(trx, listed);
    });
  }
}

/**
 * Every month's charges on the 1st, due on the 10th, paid in full on the 8th, but for last
 * month (left overdue) and this month; a housing allowance for the last six
 * months; last year's water settlement to pay and heating settlement refunded in February.
 */
async function postHistory(
  trx: Knex.Transaction,
  tenantId: TenantId,
  history: {
    premises: DemoPremises;
    accounts: Record<Fund, MoneyAccount>;
    start: { year: number; month: number };
    today: string;
  },
): Promise<void> {
  const context: ServiceContext = {
    tenant: { id: tenantId } as Tenant,
    actor: { kind: 'system', job: 'seed' },
    requestId: 'seed',
  };
  const { premises, accounts, start, today } = history;
  const residential = premises.kind === 'residential';
  for (let offset = 0; offset <= MONTHS; offset += 1) {
    const [year, month] = [start.year, start.month + offset];
    const booked = dayOfMonth(year, month, 1);
    const paidOn = dayOfMonth(year, month, 8);
    const dueOn = dayOfMonth(year, month, 10);
    const totals: Record<Fund, number> = { maintenance: 0, repair_fund: 0 };
    for (const fee of premises.fees) {
      const amount = monthlyFee(fee, premises);
      totals[fee.fund] += amount;
      await postCharge(trx, context, {
        accountId: accounts[fee.fund].id,
        amount,
        title: fee.title,
        bookedOn: booked,
        dueOn,
      });
    }
    const allowanceMonth = residential && offset > MONTHS - 6;
    if (allowanceMonth) {
      const title = 'Dodatek mieszkaniowy';
      await postAllowance(trx, context, {
        accountId: accounts.maintenance.id,
        amount: 12_000,
        title,
        bookedOn: booked,
      });
      totals.maintenance -= 12_000;
    }
    // Last month and this one are not paid yet: last month's charges are overdue.
    if (offset >= MONTHS - 1 || paidOn > today) continue;
    for (const fund of ['maintenance', 'repair_fund'] as const) {
      await postPayment(trx, context, {
        accountId: accounts[fund].id,
        amount: totals[fund],
        currency: 'PLN',
        bookedOn: paidOn,
        title: `Wpłata za ${booked.slice(0, 7)}`,
        source: 'transfer',
      });
    }
  }
  if (!residential) return;
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1];
  await insertAllowance(trx, accounts.maintenance.ownerId, {
    title: 'Dodatek mieszkaniowy (decyzja MOPS)',
    monthlyAmount: 12_000,
    validFrom: dayOfMonth(year, month - 5, 1),
    validTo: dayOfMonth(year, month + 1, 0),
  });
  // Last year's settlements, booked in February (none yet before it).
  const february = dayOfMonth(Number(today.slice(0, 4)), 1, 15);
  if (february > today) return;
  const thisYear = Number(today.slice(0, 4));
  const settle = (settlement: Omit<MediaSettlement, 'id'>) =>
    bookSettlement(trx, context, {
      premisesId: accounts.maintenance.ownerId,
      accountId: accounts.maintenance.id,
      settlement,
      dueOn: dayOfMonth(thisYear, 2, 15),
    });
  // Water: 142,350 m³ cost 1 706,40 zł against 12 × 3 × 45,00 zł of advances: 86,40 zł to pay.
  await settle({
    medium: 'water',
    periodFrom: dayOfMonth(thisYear - 1, 0, 1),
    periodTo: dayOfMonth(thisYear - 1, 11, 31),
    consumptionThousandths: 142_350,
    unit: 'm3',
    advances: 162_000,
    cost: 170_640,
    settledOn: february,
  });
  // Heating, the season before: 41,800 GJ cost 1 676,84 zł against 1 820,04 zł: 143,20 zł back.
  await settle({
    medium: 'heating',
    periodFrom: dayOfMonth(thisYear - 2, 8, 1),
    periodTo: dayOfMonth(thisYear - 1, 7, 31),
    consumptionThousandths: 41_800,
    unit: 'GJ',
    advances: 182_004,
    cost: 167_684,
    settledOn: february,
  });
}
