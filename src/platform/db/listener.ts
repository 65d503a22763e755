// A LISTEN connection that outlives database restarts: on a lost connection it reconnects
// every few seconds, and says so (onReconnect), because notifications sent while it was
// away are gone and the listener must catch up another way.
import { randomUUID } from 'node:crypto';
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
  /**
   * Every this many ms, send a notification to ourselves; one not back by the next beat means
   * the connection is dead without having said so (a NAT or firewall dropped it), and it is
   * treated as lost. For listeners that must know they hear; unset: no heartbeat.
   */
  heartbeatMs?: number;
}

export interface Listener {
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;
/** Heartbeats, ours and other processes', on a shared channel: never passed on as notifications. */
const HEARTBEAT = 'okienko-heartbeat:';

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
    heartbeatMs,
  } = options;
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let current: pg.Client | undefined;
  let stopHeartbeat = (): void => undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: applicationName, keepAlive: true });
    let unanswered: string | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    client.on('notification', ({ payload }) => {
      if (!payload?.startsWith(HEARTBEAT)) return onNotification(payload);
      if (payload === unanswered) unanswered = undefined;
    });
    // 'error' and 'end' may both come for one lost connection: reconnect once, for the current client only.
    const lost = (error?: Error): void => {
      clearInterval(heartbeat);
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
    if (heartbeatMs) {
      heartbeat = setInterval(() => {
        if (unanswered) return lost(new Error(`no heartbeat back within ${heartbeatMs} ms`));
        unanswered = `${HEARTBEAT}${randomUUID()}`;
        // A failure here also comes as 'error' or 'end', or as the beat that never returns.
        client.query('SELECT pg_notify($1, $2)', [channel, unanswered]).catch(() => undefined);
      }, heartbeatMs);
      heartbeat.unref();
      stopHeartbeat = () => clearInterval(heartbeat);
    }
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
      stopHeartbeat();
      const client = current;
      current = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
