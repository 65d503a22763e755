// The public HTTP listener, started and stopped gracefully: stop() stops accepting
// connections, lets requests in flight finish, and closes keep-alive connections as soon as
// they fall idle instead of waiting out their timeout.
import { createServer, type RequestListener, type Server } from 'node:http';

const IDLE_SWEEP_MS = 100;

export interface HttpServer {
  server: Server;
  stop(): Promise<void>;
}

export async function listen(handler: RequestListener, port: number, host: string): Promise<HttpServer> {
  const server = createServer(handler);
  let closing = false;
  // Runs before express: answers sent while closing tell the client not to reuse the connection.
  server.prependListener('request', (_req, res) => {
    if (closing) res.setHeader('Connection', 'close');
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(new Error(`HTTP listener (PORT ${port} on ${host}): ${error.message}`));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  return {
    server,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        // close() drops the connections idle right now; a keep-alive connection whose request
        // is still running becomes idle later, and the sweep closes it then.
        const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        server.close((error) => {
          clearInterval(sweep);
          if (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(error);
          else resolve();
        });
      }),
  };
}
