// The list of features. A new feature is a folder with its manifest (index.ts) and one line
// here; createApp, the worker, the mail renderer and data-key:rotate read them from this list.
import type { Feature, FeatureJob, FeatureServices, HookServices, LimitNameOf } from '../platform/feature.ts';
import type { SealedColumn } from '../platform/crypto/sealed-columns.ts';
import { PLATFORM_SEALED_COLUMNS } from '../platform/crypto/sealed-columns.ts';
import type { Purge } from '../platform/jobs/housekeeping.ts';
import { mailCatalogue, type MailCatalogue } from '../platform/mail/templates.ts';
import { tenantSettingsSchema, type SettingsSchema } from '../platform/tenancy/tenant.ts';
import { accounts } from './accounts/index.ts';
import { cards } from './cards/index.ts';
import { counter } from './counter/index.ts';
import { devMailbox } from './dev-mailbox/index.ts';
import { housing } from './housing/index.ts';
import { money } from './money/index.ts';
import { payments } from './payments/index.ts';
import { portal } from './portal/index.ts';
import { staff } from './staff/index.ts';
import { tenantSettings } from './tenant-settings/index.ts';

// Accounts first: its dashboard is the most viewed signed-in page.
const LIST = [accounts, portal, devMailbox, staff, counter, tenantSettings, money, payments, housing, cards] as const;

export const FEATURES: readonly Feature[] = LIST;

/** What the features give one another through their manifests, built with the app's services. */
export function featureHooks(
  shared: HookServices,
): Pick<FeatureServices, 'clientIdentifiers' | 'clientPanels' | 'mailResends' | 'accountPayers' | 'creditFollowUps'> {
  return {
    clientIdentifiers: FEATURES.flatMap((feature) => feature.clientIdentifiers?.(shared) ?? []),
    clientPanels: FEATURES.flatMap((feature) => feature.clientPanels ?? []),
    mailResends: FEATURES.flatMap((feature) => feature.mailResends?.(shared) ?? []),
    accountPayers: FEATURES.flatMap((feature) => feature.accountPayers ?? []),
    creditFollowUps: FEATURES.flatMap((feature) => feature.creditFollowUps?.(shared) ?? []),
  };
}

/** Every rate limit's name, for the overrides an app may be given (tests raise limits). */
export type LimitName = LimitNameOf<(typeof LIST)[number]>;

/** Every mail template by name, the platform's and the features'. */
export const MAILS: MailCatalogue = mailCatalogue(FEATURES.flatMap((feature) => feature.mails ?? []));

/** The features' purges, in the order of the list; the worker runs them after the platform's. */
export const PURGES: Readonly<Record<string, Purge>> = Object.assign(
  {},
  ...FEATURES.map((feature) => feature.purges ?? {}),
);

/** The features' background jobs, in the order of the list. */
export const JOBS: readonly FeatureJob[] = FEATURES.flatMap((feature) => feature.jobs ?? []);

/** Every column sealed with DATA_KEY: what data-key:rotate re-seals. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  ...PLATFORM_SEALED_COLUMNS,
  ...FEATURES.flatMap((feature) => feature.sealedColumns ?? []),
];

/** A tenant's settings column: the platform's part and every feature's, with their defaults. */
export const TENANT_SETTINGS: SettingsSchema = tenantSettingsSchema(
  FEATURES.flatMap((feature) => (feature.settings ? [feature.settings] : [])),
);
