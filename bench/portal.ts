// The portal as the bench runs it: `npm start`'s command (node's flags included) with
// NODE_ENV=production and the three role URLs of a bench database, on a free local port.
import { randomBytes } from 'node:crypto';
import { defaultPasswordHashConcurrency } from '../src/platform/crypto/password-hash.ts';
import type { DatabaseRoleUrls } from '../src/platform/db/roles.ts';
import { portalStartCommand, startServer, type Server } from './processes.ts';

/** One pair for the whole run: every portal reads the sessions and sealed data the others wrote. */
export interface PortalSecrets {
  sessionSecret: string;
  dataKey: string;
}

export const newPortalSecrets = (): PortalSecrets => ({
  sessionSecret: randomBytes(32).toString('base64url'),
  dataKey: randomBytes(32).toString('base64'),
});

export function portalEnvironment(urls: DatabaseRoleUrls, secrets: PortalSecrets, poolMax: number) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: secrets.sessionSecret,
    DATA_KEY: secrets.dataKey,
    DATABASE_URL: urls.appUrl,
    DATABASE_WORKER_URL: urls.workerUrl,
    DATABASE_OWNER_URL: urls.ownerUrl,
    DATABASE_POOL_MAX: String(poolMax),
    // The page bench queues no mail, so the in-process mail worker never connects to it.
    SMTP_URL: 'smtp://127.0.0.1:9',
    // As behind its TLS proxy: the sign-in browsers say https (X-Forwarded-Proto), or the
    // portal would rightly refuse to set its Secure session cookie on plain HTTP.
    TRUST_PROXY: 'loopback',
    // The default (max(1, cores − 1)), stated so the bare verify loop provably runs as many.
    PASSWORD_HASH_CONCURRENCY: String(defaultPasswordHashConcurrency()),
  };
}

/** `node [npm start's flags] src/main.ts` as `npm start` (and the image) runs it, V8 flags included. */
export const portalCommand = portalStartCommand();

export function startPortal(env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  return startServer({
    name: 'portal',
    script: portalCommand.script,
    env,
    readyPath: '/readyz',
    nodeArgs: [...portalCommand.nodeArgs, ...nodeArgs],
  });
}
