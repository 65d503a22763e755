// What a feature hands the platform: one manifest per feature (features/<feature>/index.ts),
// listed once in features/index.ts. createApp mounts its routers, the views allow its template
// locals, the mail worker renders its mails, the worker runs its purges and data-key:rotate
// re-seals its sealed columns; none of those places names a feature.
import type { Router } from 'express';
import type { z } from 'zod';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Clock } from '../lib/clock.ts';
import type { KeyedHash } from './crypto/keyed-hash.ts';
import type { SealedColumn } from './crypto/sealed-columns.ts';
import type { Limit, RateLimit } from './http/rate-limit.ts';
import type { AnyMailTemplate } from './mail/templates.ts';
import type { MailOutbox } from './mail/outbox.ts';
import type { MailResend } from './mail/resend.ts';
import type { Purge } from './jobs/housekeeping.ts';
import type { TenantRegistry } from './tenancy/tenant-registry.ts';
import type { Tenant } from './tenancy/tenant.ts';
import type { ServiceContext } from './service-context.ts';
import type { TenantDataCache } from './cache/tenant-data-cache.ts';

/** The configuration a feature may read when its routers are built. */
export type FeatureConfig = Pick<
  Config,
  'env' | 'sessionSecret' | 'trustProxy' | 'dataDir' | 'smtpUrl' | 'dataKey' | 'previousDataKeys' | 'publicUrl'
>;

/** What the platform gives a feature's routers: one of each per app. */
export interface FeatureServices<L extends string = string> {
  config: FeatureConfig;
  db: Knex;
  clock: Clock;
  registry: TenantRegistry;
  outbox: MailOutbox;
  rateLimit: RateLimit;
  /** Keys what a rate limit counts per subject (an e-mail, a login): never stored as typed. */
  subjectHash: KeyedHash;
  secureCookies: boolean;
  /** Reads of a tenant's data kept in memory until it changes (main.ts starts it); none: every read asks the database. */
  dataCache?: TenantDataCache;
  /** The feature's rate limits: its defaults, with what the app was given instead (tests raise them). */
  limits: Record<L, Limit>;
  /** Every feature's ways of naming a client, for the counter's search. */
  clientIdentifiers: readonly ClientIdentifier[];
  /** Every feature's panels of a client's page at the counter. */
  clientPanels: readonly ClientPanel[];
  /** Every feature's way of sending a dead mail of its templates again, for the mail problems page. */
  mailResends: readonly MailResend[];
  /** Every feature's word on who may pay the money accounts of the holders it keeps. */
  accountPayers: readonly AccountPayer[];
  /** Every feature's steps when money reaches an account of a holder it keeps. */
  creditFollowUps: readonly CreditFollowUp[];
}

/**
 * Who may pay a money account held by something a feature keeps (a premises: whoever holds a
 * right to it today). A client pays their own accounts; an account of another holder only when
 * the feature that keeps the holder says so, in the tenant's transaction.
 */
export interface AccountPayer {
  /** The money accounts' owner kind this answers for ('premises', 'card'). */
  ownerKind: string;
  mayPay(trx: Knex.Transaction, payer: { clientId: string; ownerId: string; today: string }): Promise<boolean>;
}

/**
 * What a feature does when a payment reaches a money account held by something it keeps (a
 * card's activation fee paid makes the card active, a season pass paid makes it valid). At the
 * counter's till it runs in the transaction that posts the payment; online, in a transaction
 * right after the provider's notification is applied, and again on each replay of that
 * notification (a follow-up that failed is answered as an error, so the provider sends it
 * again): it must take only what is due and nothing twice.
 */
export interface CreditFollowUp {
  /** The money accounts' owner kind this follows up ('card'). */
  ownerKind: string;
  credited(trx: Knex.Transaction, context: ServiceContext, ownerId: string): Promise<void>;
}

/**
 * A panel of a client's page at the counter that a feature fills with what it keeps about the
 * client (the identity checks, later cards, premises, payments): read in the transaction that
 * reads the page (scoped to the tenant, audited as one view), rendered by the feature's partial.
 */
export interface ClientPanel {
  /** Lower-case words joined by hyphens: the panel's id on the page. */
  name: string;
  /** The partial that renders it (root-relative, as includes are), given `panel`: what load returned. */
  view: string;
  /**
   * The panel's data; undefined when the client has nothing of this kind, or the tenant offers
   * nothing of it (no panel then).
   */
  load(trx: Knex.Transaction, clientId: string, tenant: Tenant): Promise<unknown>;
}

/** What a feature's hooks are built with: the services, without what the hooks themselves make. */
export type HookServices = Omit<
  FeatureServices,
  'limits' | 'clientIdentifiers' | 'clientPanels' | 'mailResends' | 'accountPayers' | 'creditFollowUps'
>;

/**
 * A way to name a client that a feature keeps (an e-mail, a PESEL, later a card or a premises
 * number): the counter's one search box tries every identifier that recognises what was typed.
 */
export interface ClientIdentifier {
  /** For the audit log and the results: 'email', 'pesel', 'card'. Lower case. */
  name: string;
  /** Whether the typed text may be one of these, judged without the database. */
  recognises(query: string): boolean;
  /** The ids of the clients it names, in a transaction scoped to the tenant; none when none. */
  find(trx: Knex.Transaction, query: string): Promise<string[]>;
}

/** What a feature's job is run with: the worker role's connection (it works across tenants). */
export interface FeatureJobDeps {
  db: Knex;
  /**
   * The app role's connection, for a job that acts inside one tenant at a time as the portal
   * (lapsing a card, mailing its holder): through withTenant, under the tenant's walls as a
   * request is, where the worker role, held to its own few policies, reaches nothing.
   */
  tenantDb: Knex;
  /** The tenants as the worker knows them (its registry, kept current by the tenants' notices). */
  tenants(): readonly Tenant[];
  /** Mail queued in the transaction of the job's change, as a request queues it. */
  outbox: MailOutbox;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'env' | 'dataKey'>;
}

/**
 * A job of a feature that the worker runs every so often beside the platform's (expiring what
 * was abandoned, delivering what is owed): one pass over what is due, safe to run in many
 * workers at once, returning how many rows it handled (for the log).
 */
export interface FeatureJob {
  /** Lower-case words joined by hyphens, for the log. */
  name: string;
  everyMs: number;
  run(deps: FeatureJobDeps): Promise<number>;
}

/** Where a feature's routers go, in the order createApp mounts them. */
export interface FeatureRouters {
  /** Inside a tenant, before its session: what needs no visitor state (the brand stylesheet). */
  tenantAssets?: Router[];
  /**
   * Inside a tenant under /admin (/{slug}/admin/… or /admin on a custom domain): the staff's,
   * with the staff session (its own cookie and timeouts) instead of the client's, context and
   * CSRF. Paths are relative to /admin. A client session in the same browser is not touched.
   */
  tenantAdmin?: Router[];
  /** Inside a tenant (/{slug}/… or a custom domain), after session, context and CSRF. */
  tenant?: Router[];
  /** Outside every tenant (the directory at /). */
  root?: Router[];
}

export interface Feature<L extends string = string> {
  name: string;
  routers?(services: FeatureServices<L>): FeatureRouters;
  /** The feature's ways of naming a client (see ClientIdentifier), built once per app. */
  clientIdentifiers?(services: HookServices): readonly ClientIdentifier[];
  /**
   * How a dead mail of the feature's templates is sent again (platform/mail/resend.ts): made
   * anew, with a fresh link where it carried one. A template with none is not sent again.
   */
  mailResends?(services: HookServices): readonly MailResend[];
  /** The feature's panels of a client's page at the counter (see ClientPanel). */
  clientPanels?: readonly ClientPanel[];
  /** Who may pay the money accounts of the holders the feature keeps (AccountPayer). */
  accountPayers?: readonly AccountPayer[];
  /** What follows a payment to an account of a holder the feature keeps (CreditFollowUp). */
  creditFollowUps?(services: HookServices): readonly CreditFollowUp[];
  /** Default rate limits, by a name unique across features; the app's `limits` may replace them. */
  limits?: Record<L, Limit>;
  /** The mails the feature queues (platform/mail/templates.ts). */
  mails?: readonly AnyMailTemplate[];
  /** Names the feature's templates read from their locals (platform/http/views.ts). */
  templateLocals?: readonly string[];
  /** Columns the feature seals with DATA_KEY, re-sealed by data-key:rotate. */
  sealedColumns?: readonly SealedColumn[];
  /**
   * The feature's part of a tenant's settings (top-level keys unique across features), with
   * defaults; its type joins TenantSettings by a `declare module` beside it.
   */
  settings?: z.ZodRawShape;
  /** The feature's background jobs (see FeatureJob), started by the worker with the platform's. */
  jobs?: readonly FeatureJob[];
  /** What the worker deletes or anonymises when its time has come, by a name for the log. */
  purges?: Readonly<Record<string, Purge>>;
}

/** Keeps a manifest's limit names as literal types, so the app's overrides are checked. */
export function defineFeature<L extends string = never>(feature: Feature<L>): Feature<L> {
  return feature;
}

/** The limit names of a list of features, for the app's overrides. */
export type LimitNameOf<F> = F extends Feature<infer L> ? L : never;

/** Every feature's default limits, replaced where the app was given others. */
export function limitsOf<L extends string>(
  feature: Feature<L>,
  overrides: Partial<Record<string, Limit>> = {},
): Record<L, Limit> {
  const limits = { ...feature.limits } as Record<L, Limit>;
  for (const name of Object.keys(limits) as L[]) limits[name] = overrides[name] ?? limits[name];
  return limits;
}
