// Round trips from the portal to its database, counted exactly by a loopback proxy between the
// two, in the counted runs only (the timed runs connect straight to the database). A round trip
// ends with a message the server must answer before the client goes on: a simple Query ('Q'),
// or the Sync ('S') that closes an extended-protocol exchange (pg sends Parse, Bind, Describe,
// Execute and Sync in one go, for a named prepared statement and a parameterised query alike).
// Counted per role, from the user named in each connection's start-up message.
import net from 'node:net';

const PROTOCOL_3 = 196_608;
const QUERY = 'Q'.charCodeAt(0);
const SYNC = 'S'.charCodeAt(0);

export interface RoundTripCounter {
  /** The URL given, with the proxy's address in place of the server's. */
  url: string;
  /** Round trips so far on connections made as `role`. */
  count(role: string): number;
  close(): Promise<void>;
}

/** The `user` parameter of a start-up message's body (NUL-separated names and values). */
function startupUser(body: Buffer): string {
  const fields = body.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'user') return fields[i + 1]!;
  return '';
}

export async function startRoundTripCounter(databaseUrl: string): Promise<RoundTripCounter> {
  const server = new URL(databaseUrl);
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(server.port || 5432), server.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    let role: string | undefined;
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // Before the start-up message, messages carry no type byte: an SSL or GSS request
        // (answered "no" here: the bench connects without TLS), then the start-up itself.
        const head = role === undefined ? 0 : 1;
        if (pending.length < head + 4) break;
        const end = head + pending.readInt32BE(head);
        if (pending.length < end) break;
        if (role === undefined) {
          if (pending.readInt32BE(4) === PROTOCOL_3) role = startupUser(pending.subarray(8, end));
        } else if (pending[0] === QUERY || pending[0] === SYNC) {
          counts.set(role, (counts.get(role) ?? 0) + 1);
        }
        pending = pending.subarray(end);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((proxy.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    count: (role) => counts.get(role) ?? 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
