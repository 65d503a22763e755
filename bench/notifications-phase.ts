// Payment notifications per second (issue #20; in BENCH_ONLY=ledger, and with BENCH_LARGE=1 in
// a full run). Intents are made as a client's Pay makes them (startPayment, the test provider
// registering each) at the bench tenant, each for a fee due on an account of its own; the test
// provider's record says each was paid (a direct update: its own page would also queue a
// notification for the worker to deliver, and the measurement is of the ones the bench sends).
// Then every intent's notification, signed as the test provider signs it, is POSTed to a portal
// started as npm start but with NODE_ENV=test (the test provider is refused in production;
// a notification renders no page, so the views' cache does not come into it), over a few
// kept-alive connections at once; each must be answered 200 OK and credit its intent once.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { openAccount, postCharge } from '../src/features/money/index.ts';
import { paymentProviders } from '../src/features/payments/index.ts';
import { startPayment } from '../src/features/payments/start-payment.service.ts';
import {
  testProviderKey,
  TEST_PROVIDER,
  TEST_PROVIDER_SIGNATURE_HEADER,
} from '../src/features/payments/test-provider/test-provider.ts';
import { testProviderSignature } from '../src/features/payments/signatures.ts';
import { systemClock } from '../src/lib/clock.ts';
import type { FeatureConfig } from '../src/platform/feature.ts';
import type { ServiceContext } from '../src/platform/service-context.ts';
import { tenantRows, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../src/platform/tenancy/tenant.ts';
import { APP_ROLE } from '../src/platform/db/roles.ts';
import { backendsCpu, cpuBetween, cpuMsOf } from './process-cpu.ts';
import type { Server } from './processes.ts';
import { topSelfTime } from './profile.ts';
import { profileTable } from './report.ts';
import { request } from './sign-ins.ts';
import { atBenchTenant } from './sign-ins.ts';
import { TENANT } from './targets.ts';

export const NOTIFICATIONS_TARGET_PER_S = 500;

export interface NotificationFigures {
  /** CPU per notification, ms: the portal's process, and the database backends serving it. */
  portalCpuMs: number | undefined;
  databaseCpuMs: number;
  notifications: number;
  connections: number;
  seconds: number;
  perSecond: number;
  credited: number;
  failures: number;
  firstFailure: string | undefined;
}

export interface NotificationPhase {
  /** Superuser URL of the bench database: ANALYZE after the seeding, the backends' CPU. */
  adminUrl: string;
  database: string;
  appUrl: string;
  dataKey: Buffer;
  notifications: number;
  connections: number;
  startPortal: (env: Record<string, string>, nodeArgs?: string[]) => Promise<Server>;
  /** Profile a second portal under more notifications when the target is missed (or always). */
  profile: 'missed' | 'always';
  say: (line: string) => void;
}

interface Signed {
  body: string;
  signature: string;
}

/** Clients with a fee due, an intent each as Pay makes it, paid at the provider; their signed notifications. */
async function seedIntents(
  appUrl: string,
  dataKey: Buffer,
  count: number,
): Promise<{ tenant: Tenant; signed: Signed[] }> {
  return atBenchTenant(appUrl, TENANT, async (db, tenant) => {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const context: ServiceContext = { tenant, actor: { kind: 'system', job: 'bench' }, requestId: 'bench' };
    const clients = await withTenant(db, tenant.id, async (trx) => {
      const ids = Array.from({ length: count }, () => randomUUID());
      for (let start = 0; start < ids.length; start += 1000) {
        await trx('clients').insert(
          ids.slice(start, start + 1000).map((id, i) => ({
            id,
            first_name: 'Bench',
            last_name: `Payer ${start + i + 1}`,
            preferred_locale: 'pl',
            status: 'counter_only',
            created_at: now,
          })),
        );
      }
      const accounts: { clientId: string; accountId: string }[] = [];
      for (const clientId of ids) {
        const account = await openAccount(trx, {
          ownerKind: 'client',
          ownerId: clientId,
          currency: 'PLN',
          kind: 'fees',
          name: 'Opłaty',
          openedOn: today,
        });
        await postCharge(trx, context, {
          accountId: account.id,
          amount: 12_550,
          title: 'Karnet',
          bookedOn: today,
          dueOn: today,
        });
        accounts.push({ clientId, accountId: account.id });
      }
      return accounts;
    });
    const config = { env: 'test', dataKey, publicUrl: 'https://portal.example.test' } as FeatureConfig;
    const deps = {
      db,
      clock: systemClock,
      providers: paymentProviders(config, db, systemClock),
      publicUrl: config.publicUrl,
      accountPayers: [],
      creditFollowUps: [],
    };
    for (const { clientId, accountId } of clients) {
      await startPayment(deps, context, {
        clientId,
        accountId,
        idempotencyKey: randomUUID(),
        email: 'bench.payer@example.test',
        language: 'pl',
        provider: TEST_PROVIDER,
      });
    }
    const key = testProviderKey(dataKey);
    const intents = await withTenant(db, tenant.id, async (trx: Knex.Transaction) => {
      await tenantRows(trx, 'test_provider_transactions')
        .where({ status: 'registered' })
        .update({ status: 'paid', decided_at: now });
      return tenantRows(trx, 'payment_intents')
        .where({ state: 'pending' })
        .select('provider_session_id', 'provider_order_id', 'amount', 'currency');
    });
    const signed = intents.map((intent) => {
      const body = JSON.stringify({
        merchant: tenant.id,
        sessionId: intent.provider_session_id,
        orderId: intent.provider_order_id,
        amount: Number(intent.amount),
        currency: intent.currency,
        status: 'paid',
      });
      return { body, signature: `sha256=${testProviderSignature(body, key)}` };
    });
    return { tenant, signed };
  });
}

/** Posts every notification over `connections` kept-alive connections; failures counted, the seconds it took. */
async function postAll(origin: string, signed: Signed[], connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const path = `/${TENANT}/payments/notifications/${TEST_PROVIDER}`;
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const began = performance.now();
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        for (let n = next++; n < signed.length; n = next++) {
          const { body, signature } = signed[n]!;
          const headers = { 'content-type': 'application/json', [TEST_PROVIDER_SIGNATURE_HEADER]: signature };
          const answer = await request(agent, `${origin}${path}`, { method: 'POST', headers }, body);
          if (answer.status !== 200 || answer.body !== 'OK') {
            failures += 1;
            firstFailure ??= `${answer.status} ${answer.body.slice(0, 200)}`;
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { seconds: (performance.now() - began) / 1000, failures, firstFailure };
}

/** Intents seeded and their statistics brought up to date, as autovacuum keeps them. */
async function seeded(phase: NotificationPhase, count: number) {
  const made = await seedIntents(phase.appUrl, phase.dataKey, count);
  // Without fresh statistics the planner, which last saw the bench tenant with no entries,
  // reads a tenant's whole ledger for one account.
  const admin = new pg.Client({ connectionString: phase.adminUrl });
  await admin.connect();
  await admin.query('ANALYZE money_accounts, ledger_entries, ledger_allocations, payment_intents');
  await admin.end();
  return made;
}

/** A portal started with --cpu-prof under more notifications: its heaviest functions. */
async function profiled(phase: NotificationPhase): Promise<string> {
  const { signed } = await seeded(phase, Math.min(phase.notifications, 2_000));
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-bench-notifications-'));
  try {
    const portal = await phase.startPortal({ NODE_ENV: 'test' }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    try {
      await postAll(portal.origin, signed, phase.connections);
    } finally {
      await portal.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) return 'CPU profile: the portal wrote no .cpuprofile';
    const heading = "Where the portal's time goes under payment notifications (CPU profile)";
    return `${heading}\n${profileTable(topSelfTime(path.join(dir, file)), signed.length)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function notificationPhase(phase: NotificationPhase): Promise<NotificationFigures> {
  const { appUrl, notifications, connections, say } = phase;
  say(`\nPayment notifications: ${notifications} intents made as Pay makes them…`);
  const { tenant, signed } = await seeded(phase, notifications);
  const portal = await phase.startPortal({ NODE_ENV: 'test' });
  let run: Awaited<ReturnType<typeof postAll>>;
  let portalCpuMs: number | undefined;
  let databaseCpuMs: number;
  try {
    const backendsBefore = await backendsCpu(phase.adminUrl, phase.database, APP_ROLE);
    const portalBefore = cpuMsOf(portal.pid);
    run = await postAll(portal.origin, signed, connections);
    const portalAfter = cpuMsOf(portal.pid);
    databaseCpuMs =
      cpuBetween(backendsBefore, await backendsCpu(phase.adminUrl, phase.database, APP_ROLE)) / signed.length;
    portalCpuMs =
      portalBefore === undefined || portalAfter === undefined
        ? undefined
        : (portalAfter - portalBefore) / signed.length;
  } finally {
    await portal.stop();
  }
  const credited = await atBenchTenant(appUrl, TENANT, (db) =>
    withTenant(db, tenant.id, async (trx) =>
      Number((await tenantRows(trx, 'payment_notifications').where({ outcome: 'credited' }).count({ n: '*' }))[0]!.n),
    ),
  );
  const perSecond = signed.length / run.seconds;
  say(
    `  ${signed.length} notifications over ${connections} connections in ${run.seconds.toFixed(2)} s: ` +
      `${perSecond.toFixed(0)} per second; ${credited} credited, ${run.failures} failed; CPU per notification: ` +
      `portal ${portalCpuMs?.toFixed(2) ?? '?'} ms, database ${databaseCpuMs.toFixed(2)} ms`,
  );
  if (phase.profile === 'always' || perSecond < NOTIFICATIONS_TARGET_PER_S) say(`\n${await profiled(phase)}`);
  return {
    portalCpuMs,
    databaseCpuMs,
    notifications: signed.length,
    connections,
    seconds: run.seconds,
    perSecond,
    credited,
    failures: run.failures,
    firstFailure: run.firstFailure,
  };
}
