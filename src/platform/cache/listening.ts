// A cache that PostgreSQL's NOTIFY makes forget, with its LISTEN connection. While the
// connection is lost the cache is bypassed (every load asks the database), and it starts empty
// once it is back: notifications sent meanwhile were never heard.
import type { Logger } from 'pino';
import { listen, type Listener } from '../db/listener.ts';

/** What a notified cache offers its connection. */
export interface ForgetfulCache {
  /** A notification's payload: what to forget. */
  onNotification(payload: string | undefined): void;
  /** Whether notifications are heard; each change forgets everything. */
  setListening(live: boolean): void;
  close(): void;
}

export interface ListeningOptions {
  /** The app role's URL: it may LISTEN like any role, and needs nothing more. */
  url: string;
  logger: Logger;
  reconnectAfterMs?: number;
  /** How often the LISTEN connection proves it still hears (listener.ts); a silent one is dropped after two beats. */
  heartbeatMs?: number;
}

const HEARTBEAT_MS = 5_000;

export interface RunningCache<Cache> {
  cache: Cache;
  close(): Promise<void>;
}

/** Starts the cache listening on its channel; the first connection's failure is thrown. */
export async function listeningCache<Cache extends ForgetfulCache>(
  cache: Cache,
  { channel, applicationName }: { channel: string; applicationName: string },
  { url, logger, reconnectAfterMs, heartbeatMs = HEARTBEAT_MS }: ListeningOptions,
): Promise<RunningCache<Cache>> {
  let listener: Listener | undefined;
  try {
    listener = await listen({
      url,
      channel,
      applicationName,
      logger,
      onNotification: (payload) => cache.onNotification(payload),
      onLost: () => cache.setListening(false),
      onReconnect: () => cache.setListening(true),
      heartbeatMs,
      ...(reconnectAfterMs ? { reconnectAfterMs } : {}),
    });
  } catch (error) {
    cache.close();
    throw error;
  }
  cache.setListening(true);
  return {
    cache,
    close: async () => {
      cache.close();
      await listener?.close();
    },
  };
}
