// The premises overview kept in memory (src/platform/cache/tenant-data-cache.ts), as main.ts runs
// every web process: two app instances over one database stand for two processes, each with its
// own cache and LISTEN connection. What a resident would notice is only this: whatever changes
// their premises' data shows on their next view, at once in the process that wrote it, and in
// the others as soon as PostgreSQL's notification arrives. So every write to what the overview
// reads must tell, and the last test holds every such write in src/ to that.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startTenantDataCache,
  TENANT_DATA_CHANGED_CHANNEL,
  TenantDataCache,
  type RunningTenantDataCache,
} from '../../src/platform/cache/tenant-data-cache.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { openAccount, postCharge, postPayment } from '../../src/features/money/index.ts';
import { insertImportedEntries } from '../../src/features/money/ledger-entries.repo.ts';
import {
  endFee,
  endRight,
  feesOn,
  insertAllowance,
  insertFee,
  insertPremises,
  insertRight,
  insertSettlement,
  premisesById,
  rightsToPremises,
  updateBuilding,
  updatePremisesData,
} from '../../src/features/housing/premises.repo.ts';
import { insertReading } from '../../src/features/housing/meters/meter-readings.repo.ts';
import { htmlAttribute, visibleText } from '../http/html.ts';
import { createTestApp } from '../support/app.ts';
import { withClient } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { eventually } from '../support/polling.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { payOnline } from '../payments/payments-support.ts';
import { clock, cooperative, type Cooperative } from './housing-support.ts';

const db = useTestDatabase();
const running: RunningTenantDataCache[] = [];
const listeners: pg.Client[] = [];
const deafCaches: TenantDataCache[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((cache) => cache.close()));
  for (const cache of deafCaches.splice(0)) cache.close();
  await Promise.all(listeners.splice(0).map((client) => client.end()));
});

async function webProcess() {
  const data = await startTenantDataCache({ url: db.current.urls.appUrl, logger: createLogger('silent') });
  running.push(data);
  const { app } = await createTestApp(db.current, { clock, dataCache: data.cache });
  return { app, cache: data.cache };
}

/** Anna, signed in at a process of her own, and the text of her flat's overview there. */
async function annaAt(coop: Cooperative, app: Awaited<ReturnType<typeof webProcess>>['app']) {
  const browser = newAgent(app);
  await signInAs(browser, coop.slug, coop.anna);
  return async () => visibleText((await browser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200)).text);
}

/** What PostgreSQL says on the channel, as another process hears it. */
async function hearChanges(): Promise<string[]> {
  const heard: string[] = [];
  const client = new pg.Client({ connectionString: db.current.urls.appUrl, application_name: 'test listener' });
  await client.connect();
  listeners.push(client);
  client.on('notification', ({ payload }) => heard.push(payload ?? ''));
  await client.query(`LISTEN ${TENANT_DATA_CHANGED_CHANNEL}`);
  return heard;
}

/** A change written as no code of ours writes: without its notice. */
async function changeUntold(coop: Cooperative, sql: string, values: unknown[]): Promise<void> {
  await withClient(db.current.urls.ownerUrl, async (client) => {
    await client.query('BEGIN');
    await client.query(`SET LOCAL app.tenant_id = '${coop.tenant.id}'`);
    await client.query(sql, values);
    await client.query('COMMIT');
  });
}

const systemContext = (tenantId: string) => ({
  tenant: { id: tenantId } as Tenant,
  actor: { kind: 'system' as const, job: 'test' },
  requestId: 'test',
});

describe('the premises overview in memory', () => {
  it('is answered from memory the second time, and a notice from another process makes it read again', async () => {
    const coop = await cooperative(db.current);
    const first = await webProcess();
    const overview = await annaAt(coop, first.app);
    const before = await overview();
    expect(before).toContain('Liczba osób');
    // The second view asks the database nothing: the overview and its page come from memory.
    const misses = first.cache.misses;
    expect(await overview()).toBe(before);
    expect(first.cache.misses).toBe(misses);

    // A change written without its notice (as no code of ours writes) stays unseen: the page
    // really comes from memory, so the notice is what keeps it true.
    await changeUntold(coop, 'UPDATE premises SET persons = 7 WHERE id = $1', [coop.flat.id]);
    expect(await overview()).toBe(before);
    await withClient(db.current.urls.appUrl, (client) =>
      client.query('SELECT pg_notify($1, $2)', [TENANT_DATA_CHANGED_CHANNEL, coop.tenant.id]),
    );
    await eventually(async () => expect(await overview()).toMatch(/Liczba osób\s*7/));
  });

  it('shows what the process itself wrote on the very next view, and a payment from the provider', async () => {
    const coop = await cooperative(db.current);
    const first = await webProcess();
    const overview = await annaAt(coop, first.app);
    expect(await overview()).toContain('Opłaty eksploatacyjne: 582,88 zł do zapłaty');
    await withTenant(db.current.app, coop.tenant.id, (trx) =>
      postCharge(trx, systemContext(coop.tenant.id), {
        accountId: coop.flat.accounts.maintenance.id,
        amount: 10_000,
        title: 'Korekta',
        bookedOn: '2026-12-11',
        dueOn: '2026-12-20',
      }),
    );
    expect(await overview()).toContain('Opłaty eksploatacyjne: 682,88 zł do zapłaty');

    // Paid online in the other process (the provider's notification reaches that one).
    const second = await webProcess();
    const browser = newAgent(second.app);
    await signInAs(browser, coop.slug, coop.anna);
    await payOnline(db.current, {
      ...coop,
      client: coop.anna,
      account: coop.flat.accounts.maintenance,
      browser,
    });
    await eventually(async () => expect(await overview()).toContain('Opłaty eksploatacyjne: 0,00 zł rozliczone'));
  });

  it('keeps a page per language, and leaves the display and the account bar to each view', async () => {
    const coop = await cooperative(db.current);
    const first = await webProcess();
    const browser = newAgent(first.app);
    await signInAs(browser, coop.slug, coop.anna);
    const path = `/${coop.slug}/premises/${coop.flat.id}`;
    const polish = (await browser.get(path).expect(200)).text;
    const english = (await browser.get(`${path}?lang=en`).expect(200)).text;
    expect(htmlAttribute(english, 'lang')).toBe('en');
    expect(visibleText(english)).toContain('Persons counted');
    expect(visibleText(english)).not.toContain('Liczba osób');
    const misses = first.cache.misses;
    const larger = (await browser.get(`${path}?lang=pl&text=3&contrast=high`).expect(200)).text;
    expect(first.cache.misses).toBe(misses);
    expect(htmlAttribute(larger, 'class')).toContain('contrast-high');
    expect(mainOf(larger)).toBe(mainOf(polish));
    // Another resident's view of their own flat is not hers, though the language is the same.
    const piotrs = (await coop.piotrBrowser.get(`/${coop.slug}/premises/${coop.piotrsFlat.id}`).expect(200)).text;
    expect(visibleText(piotrs)).not.toContain(coop.flat.code);
    expect(visibleText(piotrs)).toContain(coop.piotrsFlat.code);
  });

  it('serves a page only beside the overview it was rendered from, so none outlives a minute', async () => {
    const coop = await cooperative(db.current);
    let now = Date.parse('2026-12-11T09:00:00Z');
    // Hears no notification: only the minute's limit makes it read again.
    const cache = new TenantDataCache(() => now);
    cache.setListening(true);
    deafCaches.push(cache);
    const { app } = await createTestApp(db.current, { clock, dataCache: cache });
    const browser = newAgent(app);
    await signInAs(browser, coop.slug, coop.anna);
    const path = `/${coop.slug}/premises/${coop.flat.id}`;
    const persons = async (query: string) =>
      /(?:Liczba osób|Persons counted)\s*(\d+)/.exec(
        visibleText((await browser.get(path + query).expect(200)).text),
      )?.[1];
    expect(await persons('?lang=pl')).toBe('3');
    now += 59_000;
    expect(await persons('?lang=en')).toBe('3');
    await changeUntold(coop, 'UPDATE premises SET persons = 7 WHERE id = $1', [coop.flat.id]);
    now += 2_000;
    // The overview read at first is past its minute: read again, and its pages with it.
    expect(await persons('?lang=pl')).toBe('7');
    expect(await persons('?lang=en')).toBe('7');
  });

  it("keeps another tenant's overviews when one tenant's data changes", async () => {
    const [coop, other] = [await cooperative(db.current), await cooperative(db.current)];
    const first = await webProcess();
    const [annas, othersAnnas] = [await annaAt(coop, first.app), await annaAt(other, first.app)];
    await annas();
    await othersAnnas();
    const misses = first.cache.misses;
    await withTenant(db.current.app, coop.tenant.id, (trx) =>
      updatePremisesData(trx, coop.flat.id, { areaHundredths: 5_230, persons: 2 }),
    );
    await othersAnnas();
    expect(first.cache.misses).toBe(misses);
    expect(await annas()).toMatch(/Liczba osób\s*2/);
  });

  it('is told of by every write to what it shows, in the write’s transaction', async () => {
    const coop = await cooperative(db.current);
    const tenantId = coop.tenant.id;
    const { flat } = coop;
    const context = systemContext(tenantId);
    const setting = await withTenant(db.current.app, tenantId, async (trx) => ({
      buildingId: (await premisesById(trx, flat.id))!.buildingId,
      feeId: (await feesOn(trx, flat.id, '2026-12-11'))[0]!.id,
      rightId: (await rightsToPremises(trx, flat.id))[0]!.id,
    }));
    const maintenance = flat.accounts.maintenance.id;
    const writes: [string, (trx: Knex.Transaction) => Promise<unknown>][] = [
      [
        'a charge',
        (trx) =>
          postCharge(trx, context, {
            accountId: maintenance,
            amount: 100,
            title: 'Opłata',
            bookedOn: '2026-12-11',
            dueOn: '2026-12-20',
          }),
      ],
      [
        'a payment',
        (trx) =>
          postPayment(trx, context, {
            accountId: maintenance,
            amount: 100,
            currency: 'PLN',
            bookedOn: '2026-12-11',
            title: 'Wpłata',
            source: 'transfer',
          }),
      ],
      [
        'an import',
        (trx) =>
          insertImportedEntries(trx, [
            {
              accountId: maintenance,
              kind: 'charge',
              amount: 100,
              bookedOn: '2026-12-11',
              dueOn: '2026-12-20',
              title: 'Import',
              externalId: 'ext-1',
            },
          ]),
      ],
      [
        'an account',
        (trx) =>
          openAccount(trx, {
            ownerKind: 'premises',
            ownerId: flat.id,
            currency: 'PLN',
            kind: 'heating',
            name: 'Ogrzewanie',
            openedOn: '2026-12-01',
          }),
      ],
      [
        'a premises',
        (trx) =>
          insertPremises(trx, {
            buildingId: setting.buildingId,
            number: '99',
            kind: 'garage',
            code: 'G-99',
            areaHundredths: 1_800,
            persons: 0,
            accountNumber: null,
          }),
      ],
      ['its data', (trx) => updatePremisesData(trx, flat.id, { areaHundredths: 5_230, persons: 4 })],
      [
        'its building',
        (trx) =>
          updateBuilding(trx, setting.buildingId, {
            street: 'ul. Słoneczna',
            houseNumber: '12A',
            postalCode: '40-282',
            city: 'Katowice',
          }),
      ],
      [
        'a right',
        (trx) =>
          insertRight(trx, {
            premisesId: flat.id,
            clientId: coop.piotr.id,
            kind: 'tenancy',
            validFrom: '2026-12-01',
            validTo: null,
          }),
      ],
      ['a right ended', (trx) => endRight(trx, setting.rightId, '2026-12-31')],
      [
        'a fee',
        (trx) =>
          insertFee(trx, {
            premisesId: flat.id,
            fund: 'maintenance',
            title: 'Domofon',
            basis: 'fixed',
            rate: 500,
            validFrom: '2026-12-01',
            validTo: null,
          }),
      ],
      ['a fee ended', (trx) => endFee(trx, setting.feeId, '2026-12-31')],
      [
        'an allowance',
        (trx) =>
          insertAllowance(trx, flat.id, {
            title: 'Dodatek mieszkaniowy',
            monthlyAmount: 15_000,
            validFrom: '2026-12-01',
            validTo: '2027-05-31',
          }),
      ],
      [
        'a settlement',
        (trx) =>
          insertSettlement(trx, flat.id, {
            medium: 'water',
            periodFrom: '2026-01-01',
            periodTo: '2026-06-30',
            consumptionThousandths: 42_000,
            unit: 'm3',
            advances: 30_000,
            cost: 32_000,
            settledOn: '2026-12-11',
            entryId: null,
          }),
      ],
      [
        'a meter reading',
        (trx) =>
          insertReading(trx, flat.id, {
            kind: 'water_cold',
            number: 'Z-1',
            readOn: '2026-12-11',
            valueThousandths: 123_456,
            replacement: false,
          }),
      ],
    ];
    const heard = await hearChanges();
    for (const [what, write] of writes) {
      heard.length = 0;
      await withTenant(db.current.app, tenantId as TenantId, write);
      await eventually(async () => expect(heard, what).toContain(tenantId), 10_000);
    }
    // A write rolled back tells nobody (the notice is the transaction's).
    heard.length = 0;
    await expect(
      withTenant(db.current.app, tenantId, async (trx) => {
        await updatePremisesData(trx, flat.id, { areaHundredths: 5_230, persons: 5 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await withClient(db.current.urls.appUrl, (client) =>
      client.query('SELECT pg_notify($1, $2)', [TENANT_DATA_CHANGED_CHANNEL, 'marker']),
    );
    await eventually(async () => expect(heard).toContain('marker'), 10_000);
    expect(heard).toEqual(['marker']);
  });

  it('has every write in src/ to a table the overview reads tell it', () => {
    // The tables premises_overview reads (migrations/functions/premises_overview.sql).
    const tables = [
      'premises',
      'buildings',
      'premises_rights',
      'money_accounts',
      'ledger_entries',
      'fee_components',
      'allowance_decisions',
      'media_settlements',
      'meter_readings',
    ];
    // A table named as knex names it ('premises') or after an SQL keyword (UPDATE premises).
    const table = new RegExp(`'(${tables.join('|')})'|\\b(INTO|UPDATE|FROM|JOIN)\\s+(${tables.join('|')})\\b`);
    const write = /\.(insert|update|del|delete)\(|\b(INSERT INTO|UPDATE|DELETE FROM)\s/;
    const silent: string[] = [];
    for (const file of sourceFiles(path.resolve(import.meta.dirname, '../../src'))) {
      for (const [name, body] of functionsOf(readFileSync(file, 'utf8'))) {
        if (write.test(body) && table.test(body) && !body.includes('tenantDataChanged')) {
          silent.push(`${path.relative(process.cwd(), file)}: ${name}`);
        }
      }
    }
    expect(silent).toEqual([]);
  });
});

/** The page's own content, without the layout's header and footer. */
const mainOf = (html: string): string => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The top-level functions of a module with their text, up to the next top-level declaration. */
function functionsOf(source: string): [string, string][] {
  const starts = [...source.matchAll(/^(?:export )?(?:async )?function (\w+)/gm)];
  return starts.map((match, index) => {
    const end = starts[index + 1]?.index ?? source.length;
    return [match[1]!, source.slice(match.index, end)];
  });
}
