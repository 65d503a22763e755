// The LISTEN connection's heartbeat: a connection that dies without a sound (a NAT or a
// firewall dropping it) is noticed, because the notification it sends itself never returns.
// A TCP relay between it and PostgreSQL stands for the network, and freezes on demand.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listener } from '../../src/platform/db/listener.ts';
import { SESSIONS_CHANGED_CHANNEL } from '../../src/platform/sessions/session-cache.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { withClient } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { eventually } from '../support/polling.ts';

const db = useTestDatabase();
const CHANNEL = SESSIONS_CHANGED_CHANNEL;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A relay to PostgreSQL whose traffic can be stopped without closing anything. */
async function relay(target: URL): Promise<{ port: number; freeze(): void }> {
  const sockets: Socket[] = [];
  let frozen = false;
  const server: Server = createServer((inbound) => {
    const outbound = connect(Number(target.port || 5432), target.hostname);
    sockets.push(inbound, outbound);
    const pass = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
    pass(inbound, outbound);
    pass(outbound, inbound);
    const closeBoth = () => [inbound, outbound].forEach((socket) => socket.destroy());
    inbound.on('error', closeBoth).on('close', closeBoth);
    outbound.on('error', closeBoth).on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as { port: number }).port, freeze: () => void (frozen = true) };
}

describe('listen() with a heartbeat', () => {
  it('passes notifications on, keeps its heartbeats to itself, and notices a connection gone silent', async () => {
    const target = new URL(db.current.urls.appUrl);
    const network = await relay(target);
    const viaRelay = new URL(target);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(network.port);
    const heard: (string | undefined)[] = [];
    let lost = 0;
    const listener: Listener = await listen({
      url: viaRelay.toString(),
      channel: CHANNEL,
      applicationName: 'okienko listener test',
      logger: createLogger('silent'),
      onNotification: (payload) => heard.push(payload),
      onLost: () => lost++,
      onReconnect: () => undefined,
      heartbeatMs: 250,
      // Not back within the test: what it does while it cannot hear is the point.
      reconnectAfterMs: 60_000,
    });
    cleanups.push(() => listener.close());

    await withClient(db.current.adminUrl, async (admin) => {
      // Another listener on the channel sees the heartbeats go round.
      const beats: string[] = [];
      admin.on('notification', ({ payload }) => beats.push(payload ?? ''));
      await admin.query(`LISTEN ${CHANNEL}`);
      await admin.query(`NOTIFY ${CHANNEL}, 'someone'`);
      await eventually(async () => expect(beats.filter((beat) => beat !== 'someone').length).toBeGreaterThan(1), 5_000);
    });
    expect(heard).toEqual(['someone']);
    expect(lost).toBe(0);

    network.freeze();
    await eventually(async () => expect(lost).toBe(1), 5_000);
    // Its own heartbeats, sent all along, were never passed on as notifications.
    expect(heard).toEqual(['someone']);
  });
});
