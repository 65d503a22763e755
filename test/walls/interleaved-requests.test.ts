// All three walls with the tenants' requests interleaved: the real app on a real port, a
// signed-in client's profile page at each of two tenants (read from the database on every
// view; public pages are served from memory), over an app pool of ONE connection, so that
// connection serves the two tenants back to back. Each round the test takes that connection
// first and sends the requests one by one, each once the last is queued for the connection, so
// the queue alternates between the tenants and every request is in flight in the app at once;
// then it lets go. A tenant leaking through the pooled connection (a setting outliving its
// transaction) or through state shared in the app would show the other tenant's client, or
// no client at all. The interleaving is staged, not hoped for among thousands of requests:
// the same on any machine.
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient, type CreatedClient } from '../support/clients.ts';
import { tenantLeftOnConnection, useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { pollValue } from '../support/polling.ts';
import { newAgent, setCookie, signInAs } from '../support/sessions.ts';

const ROUNDS = 4;
/**
 * Requests queued for the connection at once in a round, alternating between the tenants. Few,
 * as the first waits for the rest to be queued and for them to be served, and the pool gives
 * up on a wait of 5 s (src/db/tenant-transaction.ts): two of each tenant already interleave.
 */
const QUEUED = 4;

const db = useTestDatabase({ appPoolMax: 1 });

let server: Server;
let agent: Agent;
let port: number;
interface SignedIn {
  tenant: CreatedTenant;
  client: CreatedClient;
  /** The Cookie header of the client's session at its tenant. */
  cookie: string;
}
let accounts: [SignedIn, SignedIn];

beforeAll(async () => {
  const tenants = [
    await createTenant(db.current.owner, { name: 'Spółdzielnia Północ' }),
    await createTenant(db.current.owner, { name: 'Spółdzielnia Południe' }),
  ];
  const { app } = await createTestApp(db.current);
  const signedIn = await Promise.all(
    tenants.map(async (tenant) => {
      const client = await createActiveClient(db.current.app, tenant.id);
      const response = await signInAs(newAgent(app), tenant.input.slug, client);
      const cookie = setCookie(response, sessionCookieName(tenant.input, 'client', false))!.split(';')[0]!;
      return { tenant, client, cookie };
    }),
  );
  accounts = [signedIn[0]!, signedIn[1]!];
  server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  port = (server.address() as AddressInfo).port;
  agent = new Agent({ keepAlive: true, maxSockets: QUEUED });
});

afterAll(async () => {
  agent?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

function get(path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface PendingPool {
  numUsed(): number;
  numPendingAcquires(): number;
}
interface PoolClient {
  pool: PendingPool;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

describe('requests of two tenants interleaved over one pooled connection', () => {
  it('always show each tenant’s client their own profile and never the other’s', async () => {
    const pages = accounts.map(({ tenant, client, cookie }, index) => {
      const other = accounts[1 - index]!;
      return {
        path: `/${tenant.input.slug}/account/profile`,
        cookie,
        own: [tenant.input.name, client.email!],
        foreign: [other.tenant.input.name, other.client.email!, other.tenant.input.slug],
      };
    });
    const client = db.current.app.client as unknown as PoolClient;
    const wrong: string[] = [];
    const served = [0, 0];

    for (let round = 0; round < ROUNDS; round += 1) {
      const held = await client.acquireConnection();
      expect(client.pool.numUsed(), 'the test holds the pool’s only connection').toBe(1);
      const answers: Promise<void>[] = [];
      for (let i = 0; i < QUEUED; i += 1) {
        const n = round * QUEUED + i;
        const page = pages[i % 2]!;
        answers.push(
          get(page.path, page.cookie).then(({ status, body }) => {
            const missing = page.own.filter((text) => !body.includes(text));
            const leaked = page.foreign.filter((text) => body.includes(text));
            if (status !== 200 || missing.length > 0 || leaked.length > 0) {
              wrong.push(
                `#${n} ${page.path}: status ${status}, missing ${missing.join('|')}, leaked ${leaked.join('|')}`,
              );
            } else {
              served[i % 2]! += 1;
            }
          }),
        );
        // The next request is sent once this one waits for the connection: the queue alternates.
        const waiting = await pollValue(
          () => client.pool.numPendingAcquires(),
          (count) => count > i,
        );
        expect(waiting, `request ${n} is waiting for the connection`).toBe(i + 1);
      }
      await client.releaseConnection(held);
      await Promise.all(answers);
      // The connection every request used is back in the pool with no tenant left on it.
      expect(await tenantLeftOnConnection(db.current.app)).toBe('');
    }

    expect(wrong).toEqual([]);
    expect(served).toEqual([(ROUNDS * QUEUED) / 2, (ROUNDS * QUEUED) / 2]);
  });
});
