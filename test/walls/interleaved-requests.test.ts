// All three walls under load: the real app on a real port, two tenants' home pages requested
// 10,000 times, interleaved, 32 at a time, over an app pool of only two connections, so every
// connection serves both tenants back to back. A tenant leaking through a pooled connection
// (or through shared state in the app) would show the other tenant's front desk.
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, frontDeskInput, type CreatedTenant } from '../support/factories.ts';

const REQUESTS = 10_000;
const IN_FLIGHT = 32;

const db = useTestDatabase({ appPoolMax: 2 });

let server: Server;
let agent: Agent;
let port: number;
let tenants: [CreatedTenant, CreatedTenant];

beforeAll(async () => {
  tenants = [
    await createTenant(db.current.owner, {}, [frontDeskInput({ name: 'Okienko Północ' })]),
    await createTenant(db.current.owner, {}, [frontDeskInput({ name: 'Okienko Południe' })]),
  ];
  const { app } = await createTestApp(db.current);
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

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
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
  it('always show each tenant its own front desk and never the other’s', { timeout: 180_000 }, async () => {
    const pages = tenants.map((tenant, index) => {
      const other = tenants[1 - index]!;
      return {
        path: `/${tenant.input.slug}/`,
        own: [tenant.input.name, tenant.desks[0]!.name],
        foreign: [other.input.name, other.desks[0]!.name, other.input.slug],
      };
    });
    const wrong: string[] = [];
    const served = [0, 0];
    let next = 0;

    const worker = async (): Promise<void> => {
      while (next < REQUESTS) {
        const n = next++;
        const page = pages[n % 2]!;
        const { status, body } = await get(page.path);
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
