// Rate limits with counters in PostgreSQL (rate-limiter-flexible), so they hold across every
// web process. Use per route, with keys per IP and per subject (an e-mail, a PESEL hash).
import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './errors.ts';

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

export type RateLimit = ((...rules: LimitRule[]) => RequestHandler) & {
  /**
   * A limit that counts failures only (wrong passwords from one IP): `retryAfter` says whether
   * the subject is over the limit (ms until it may try again) without counting anything, and
   * `fail` counts one failure.
   */
  failures(rule: Omit<LimitRule, 'key'>): FailureLimit;
};

export interface FailureLimit {
  retryAfterMs(tenantId: string, subject: string): Promise<number | undefined>;
  fail(tenantId: string, subject: string): Promise<void>;
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
          res.setHeader('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
          return next(new HttpError(429, `rate limit ${rule.name}`));
        }
      }
      next();
    };

  const failures = (rule: Omit<LimitRule, 'key'>): FailureLimit => ({
    async retryAfterMs(tenantId, subject) {
      const state = await limiterFor(rule).get(counterKey(rule, tenantId, subject));
      return state && state.consumedPoints >= rule.points ? Math.max(1, state.msBeforeNext) : undefined;
    },
    async fail(tenantId, subject) {
      await limiterFor(rule).penalty(counterKey(rule, tenantId, subject), 1);
    },
  });

  return Object.assign(middleware, { failures });
}

/** The client address as express sees it (honouring TRUST_PROXY). */
export const byIp = (req: Request): string => req.ip ?? 'unknown';
