// The demo clients' money (issue #20), so a newcomer sees the ledger at once: at the sports
// centre Jan Kowalski has a fees account with last month's entry fee paid at the desk and the
// Client Card's activation fee due; at the city office Petra Svobodová has a CZK account with
// an administrative fee due. Idempotent: a client who has an account already is left as is.
// Posted through the ledger's own services, so the allocations are what the portal makes.
import type { Knex } from 'knex';
import type { Tenant } from '../src/platform/tenancy/tenant.ts';
import { asTenantId, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../src/platform/service-context.ts';
import { accountsOf, openAccount, postCharge, postPayment, type Currency } from '../src/features/money/index.ts';

interface DemoLedger {
  tenantSlug: string;
  clientEmail: string;
  currency: Currency;
  name: string;
  /** Booked a month ago, paid at the desk; null: none. */
  paid: { title: string; amount: number } | null;
  due: { title: string; amount: number };
}

export const DEMO_LEDGERS: readonly DemoLedger[] = [
  {
    tenantSlug: 'mosir-zielonka',
    clientEmail: 'jan.kowalski@example.org',
    currency: 'PLN',
    name: 'Opłaty',
    paid: { title: 'Wejście na basen (karnet 10 wejść)', amount: 12_000 },
    due: { title: 'Opłata aktywacyjna Karty Klienta', amount: 2_000 },
  },
  {
    tenantSlug: 'mesto-lipnik',
    clientEmail: 'petra.svobodova@example.org',
    currency: 'CZK',
    name: 'Poplatky',
    paid: null,
    due: { title: 'Správní poplatek za vydání karty', amount: 10_000 },
  },
];

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

export async function seedDemoMoney(owner: Knex, now: Date = new Date()): Promise<void> {
  for (const demo of DEMO_LEDGERS) {
    const tenant = await owner('tenants').where({ slug: demo.tenantSlug }).first('id');
    if (!tenant) continue;
    const tenantId = asTenantId(tenant.id as string);
    const context: ServiceContext = {
      tenant: { id: tenantId } as Tenant,
      actor: { kind: 'system', job: 'seed' },
      requestId: 'seed',
    };
    await withTenant(owner, tenantId, async (trx) => {
      const client = await trx('clients').where({ email_key: demo.clientEmail }).first('id');
      if (!client) return;
      const owned = { ownerKind: 'client' as const, ownerId: client.id as string };
      if ((await accountsOf(trx, owned)).length > 0) return;
      const monthAgo = isoDay(new Date(now.getTime() - 30 * DAY_MS));
      const account = await openAccount(trx, {
        ...owned,
        currency: demo.currency,
        kind: 'fees',
        name: demo.name,
        openedOn: monthAgo,
      });
      if (demo.paid) {
        const { title, amount } = demo.paid;
        await postCharge(trx, context, { accountId: account.id, amount, title, bookedOn: monthAgo, dueOn: monthAgo });
        await postPayment(trx, context, {
          accountId: account.id,
          amount,
          currency: demo.currency,
          bookedOn: monthAgo,
          title,
          source: 'cash',
          receiptNumber: 'KP/0001',
        });
      }
      const today = isoDay(now);
      const dueOn = isoDay(new Date(now.getTime() + 14 * DAY_MS));
      await postCharge(trx, context, { accountId: account.id, ...demo.due, bookedOn: today, dueOn });
    });
  }
}
