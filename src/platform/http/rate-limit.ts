// Rate limits with counters in PostgreSQL (rate-limiter-flexible), so they hold across every
// web process. Use per route, with keys per IP and per subject (an e-mail, a PESEL hash).
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import ipaddr from 'ipaddr.js';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Translate } from '../i18n/i18n.ts';
import { HttpError } from './errors.ts';

/** How many times something may happen within a window. */
export interface Limit {
  points: number;
  durationSeconds: number;
}

export interface LimitRule {
  /** Names the counter family, e.g. 'sign-in:ip'. */
  name: string;
  points: number;
  durationSeconds: number;
  /** What is being limited for this request; undefined skips the rule (e.g. an empty field). */
  key: (req: Request) => string | undefined;
  /** Count across every tenant (e.g. one IP trying accounts at many), not per tenant. */
  acrossTenants?: boolean;
}

/** A rule from a named limit and what it counts per request. */
export function limitRule(name: string, limit: Limit, key: LimitRule['key']): LimitRule {
  return { name, ...limit, key };
}

export type RateLimit = ((...rules: LimitRule[]) => RequestHandler) & {
  /**
   * A limit a service counts itself, for what only it can judge (a wrong password): `take`
   * counts an attempt before the work it limits and says whether the subject is over the limit
   * (ms until it may try again), `giveBack` uncounts one that turned out to be fine.
   */
  attempts(rule: Omit<LimitRule, 'key'>): AttemptLimit;
};

export interface AttemptLimit {
  take(tenantId: string, subject: string): Promise<number | undefined>;
  giveBack(tenantId: string, subject: string): Promise<void>;
}

export function createRateLimit(db: Knex): RateLimit {
  const limiters = new Map<string, RateLimiterPostgres>();
  const limiterFor = (rule: Omit<LimitRule, 'key'>): RateLimiterPostgres => {
    let limiter = limiters.get(rule.name);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: db,
        storeType: 'knex',
        tableName: 'rate_limits',
        tableCreated: true,
        // Old rows are purged by the worker, not by a timer in every web process.
        clearExpiredByTimeout: false,
        keyPrefix: rule.name,
        points: rule.points,
        duration: rule.durationSeconds,
      });
      limiters.set(rule.name, limiter);
    }
    return limiter;
  };

  const counterKey = (rule: Omit<LimitRule, 'key'>, tenantId: string, subject: string): string =>
    `${rule.acrossTenants ? 'all' : tenantId}:${subject}`;

  const middleware =
    (...rules: LimitRule[]): RequestHandler =>
    async (req, res, next) => {
      const tenantId = res.locals.ctx?.tenant?.id ?? 'portal';
      for (const rule of rules) {
        const subject = rule.key(req);
        if (subject === undefined) continue;
        try {
          await limiterFor(rule).consume(counterKey(rule, tenantId, subject));
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) return next(rejection);
          return next(new HttpError(429, `rate limit ${rule.name}`, { retryAfterMs: rejection.msBeforeNext }));
        }
      }
      next();
    };

  const attempts = (rule: Omit<LimitRule, 'key'>): AttemptLimit => ({
    async take(tenantId, subject) {
      try {
        await limiterFor(rule).consume(counterKey(rule, tenantId, subject));
        return undefined;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return Math.max(1, rejection.msBeforeNext);
      }
    },
    async giveBack(tenantId, subject) {
      await limiterFor(rule).reward(counterKey(rule, tenantId, subject), 1);
    },
  });

  return Object.assign(middleware, { attempts });
}

/**
 * What every refusal by a limit tells: `Retry-After` on the response, and the sentence to show
 * ("Try again in 5 minutes.", or in hours for the daily limits) in the visitor's language.
 */
export function tellRetryAfter(res: Response, t: Translate, retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res.setHeader('Retry-After', String(seconds));
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 90
    ? t('errors:tryAgainIn.minutes', { count: minutes })
    : t('errors:tryAgainIn.hours', { count: Math.ceil(minutes / 60) });
}

/**
 * The client address as express sees it (honouring TRUST_PROXY). An IPv6 client counts by its
 * /64, the block one subscriber line is given: otherwise every address in it would be a fresh
 * budget. An IPv4 address (also written as ::ffff:a.b.c.d) counts alone.
 */
export function byIp(req: Request): string {
  const address = req.ip ?? 'unknown';
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}

/**
 * Forms of a signed-in client that check the current password (a change of password or e-mail,
 * the data export, closing the account) share one budget: a stolen session cannot guess the
 * password faster than 10 tries in 15 minutes, whichever form it uses.
 */
export const PASSWORD_CHECKS_PER_USER: LimitRule = {
  name: 'password-check:user',
  points: 10,
  durationSeconds: 15 * 60,
  key: (req) => req.session?.auth?.userId,
};
