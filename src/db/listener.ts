// A LISTEN connection that outlives database restarts: on a lost connection it reconnects
// every few seconds, and says so (onReconnect), because notifications sent while it was
// away are gone and the listener must catch up another way.
import pg from 'pg';
import type { Logger } from 'pino';

export interface ListenOptions {
  url: string;
  channel: string;
  applicationName: string;
  logger: Logger;
  /** With the notification's payload (empty when it was sent without one). */
  onNotification: (payload: string | undefined) => void;
  /** The connection was lost: notifications sent from now until onReconnect are never heard. */
  onLost?: () => void;
  onReconnect: () => void;
  reconnectAfterMs?: number;
}

export interface Listener {
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/** Connects and listens; the first connection's failure is thrown, later ones are retried. */
export async function listen(options: ListenOptions): Promise<Listener> {
  const {
    url,
    channel,
    applicationName,
    logger,
    onNotification,
    onLost,
    onReconnect,
    reconnectAfterMs = 2_000,
  } = options;
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: applicationName });
    client.on('notification', (message) => onNotification(message.payload));
    // 'error' and 'end' may both come for one lost connection: reconnect once, for the current client only.
    const lost = (error?: Error): void => {
      if (current !== client) return;
      logger.warn({ err: error, channel }, 'listener lost its database connection; reconnecting');
      onLost?.();
      scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
  };

  const scheduleReconnect = (): void => {
    if (closed) return;
    const previous = current;
    current = undefined;
    void previous?.end().catch(() => undefined);
    timer = setTimeout(() => {
      connect()
        .then(() => {
          if (!closed) onReconnect();
        })
        .catch(() => scheduleReconnect());
    }, reconnectAfterMs);
    timer.unref();
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const client = current;
      current = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
