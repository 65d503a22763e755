// All three walls under load: the real app on a real port, a signed-in client's profile page at
// each of two tenants requested 10,000 times, interleaved, 32 at a time, over an app pool of
// only two connections, so every connection serves both tenants back to back. The profile is
// read from the database on every view (the public pages are served from memory). A tenant
// leaking through a pooled connection (or through shared state in the app) would show the
// other tenant's client, or no client at all.
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient, type CreatedClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { newAgent, setCookie, signInAs } from '../support/sessions.ts';

const REQUESTS = 10_000;
const IN_FLIGHT = 32;

const db = useTestDatabase({ appPoolMax: 2 });

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
  agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
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

describe('10,000 interleaved requests of two tenants over two pooled connections', () => {
  it('always show each tenant’s client their own profile and never the other’s', { timeout: 180_000 }, async () => {
    const pages = accounts.map(({ tenant, client, cookie }, index) => {
      const other = accounts[1 - index]!;
      return {
        path: `/${tenant.input.slug}/account/profile`,
        cookie,
        own: [tenant.input.name, client.email!],
        foreign: [other.tenant.input.name, other.client.email!, other.tenant.input.slug],
      };
    });
    const wrong: string[] = [];
    const served = [0, 0];
    let next = 0;

    const worker = async (): Promise<void> => {
      while (next < REQUESTS) {
        const n = next++;
        const page = pages[n % 2]!;
        const { status, body } = await get(page.path, page.cookie);
        const missing = page.own.filter((text) => !body.includes(text));
        const leaked = page.foreign.filter((text) => body.includes(text));
        if (status !== 200 || missing.length > 0 || leaked.length > 0) {
          wrong.push(`#${n} ${page.path}: status ${status}, missing ${missing.join('|')}, leaked ${leaked.join('|')}`);
        } else {
          served[n % 2]! += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    expect(wrong.slice(0, 10)).toEqual([]);
    expect(wrong).toHaveLength(0);
    expect(served).toEqual([REQUESTS / 2, REQUESTS / 2]);
  });
});
