// "Close my account" (the sources: a client may resign at any time). In one transaction the
// account stops working for sign-in (status 'closing', which sign-in refuses), its lockout
// and pending links are cleared, the date its personal data goes is set (the tenant's
// retention period, or never while the tenant must keep it) and the confirmation is queued.
// Every session of the client ends in the same transaction. The worker anonymises it when due
// (anonymiseClosedAccounts in src/platform/jobs/housekeeping.ts).
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { endSessionsOfUserIn } from '../../../platform/sessions/sign-in.ts';
import { formatters } from '../../../platform/i18n/format.ts';
import { lockIfUnchanged, type ClientProfile } from '../clients/client-profile.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import type { MyDataDeps } from './reauthenticate.ts';
import { ACCOUNT_CLOSED_MAIL } from '../mails.ts';
import { markClosing } from '../clients/clients.repo.ts';
import { voidOpenTokens } from '../clients/account-tokens.ts';

const DAY_MS = 24 * 60 * 60_000;

export type CloseAccountResult = { kind: 'closed'; anonymiseAfter: Date | null } | { kind: 'gone' };

/** When a client closing now loses their personal data; null while the tenant must keep it. */
export function anonymisationDate(tenant: Pick<Tenant, 'settings'>, closedAt: Date): Date | null {
  const { keepClosedAccountData, closedAccountRetentionDays } = tenant.settings;
  return keepClosedAccountData ? null : new Date(closedAt.getTime() + closedAccountRetentionDays * DAY_MS);
}

/** Closes the account of a client who has just confirmed their password (reauthenticate). */
export function closeAccount(
  deps: MyDataDeps,
  { tenant }: ServiceContext,
  confirmed: ClientProfile,
): Promise<CloseAccountResult> {
  return withTenant(deps.db, tenant.id, async (trx): Promise<CloseAccountResult> => {
    const client = await lockIfUnchanged(trx, { ...deps, tenant }, confirmed);
    if (!client) return { kind: 'gone' };
    const now = deps.clock.now();
    const anonymiseAfter = anonymisationDate(tenant, now);
    await markClosing(trx, client.id, now, anonymiseAfter);
    // A reset or e-mail change link sent earlier must not open the closed account.
    await voidOpenTokens(trx, client.id, now);
    // Every browser of the client is signed out with it, so no session outlives the account.
    await endSessionsOfUserIn(trx, client.id, now);
    if (client.email) {
      const anonymiseOn = anonymiseAfter && formatters(client.preferredLocale, tenant.timeZone).date(anonymiseAfter);
      await deps.outbox.enqueue(trx, {
        template: ACCOUNT_CLOSED_MAIL,
        to: client.email,
        locale: client.preferredLocale,
        userId: client.id,
        params: { firstName: client.firstName, ...(anonymiseOn ? { anonymiseOn } : {}) },
        idempotencyKey: `account-closed:${client.id}:${now.toISOString()}`,
      });
    }
    return { kind: 'closed', anonymiseAfter };
  });
}
