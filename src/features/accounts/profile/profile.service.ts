// The signed-in client's profile (issue #6): what the tenant holds about them, shown with the
// PESEL masked, and the language they want pages and mails in.
import type { Knex } from 'knex';
import { withTenant, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import { loadClientProfile } from '../clients/client-profile.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import { maskPesel, parsePesel, type MaskedPesel } from '../../../lib/pesel.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { setPreferredLocale } from '../clients/clients.repo.ts';

export interface ProfileDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  nationalIds: NationalIdProtector;
}

/** A change of address asked for and not yet confirmed through its link. */
export interface PendingEmailChange {
  address: string;
  expiresAt: Date;
}

/** What the profile pages show: never the whole PESEL, nor the password hash. */
export interface ProfileView {
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  pesel: MaskedPesel | undefined;
  preferredLocale: Locale;
  createdAt: Date;
  activatedAt: Date | null;
  pendingEmail: PendingEmailChange | undefined;
}

/** The newest e-mail change link still usable (a newer one voids the older, so at most one). */
export async function pendingEmailChange(
  trx: Knex.Transaction,
  clientId: string,
  now: Date,
): Promise<PendingEmailChange | undefined> {
  const row = await tenantRows(trx, 'account_tokens')
    .where({ client_id: clientId, purpose: 'email_change' })
    .whereNull('used_at')
    .andWhere('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .first('new_email', 'expires_at');
  return row ? { address: row.new_email as string, expiresAt: row.expires_at as Date } : undefined;
}

/** The change "check the new mailbox" is about, if any. */
export function pendingEmailChangeOf(
  deps: Pick<ProfileDeps, 'db' | 'clock'>,
  { tenant }: ServiceContext,
  clientId: string,
): Promise<PendingEmailChange | undefined> {
  return withTenant(deps.db, tenant.id, (trx) => pendingEmailChange(trx, clientId, deps.clock.now()));
}

/** The client's profile, or undefined when the account is gone (closed meanwhile). */
export function profileOf(
  deps: ProfileDeps,
  { tenant }: ServiceContext,
  clientId: string,
): Promise<ProfileView | undefined> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const client = await loadClientProfile(trx, { ...deps, tenant }, clientId);
    if (!client) return undefined;
    const parsed = client.pesel === undefined ? undefined : parsePesel(client.pesel);
    return {
      firstName: client.firstName,
      lastName: client.lastName,
      email: client.email,
      login: client.login,
      pesel: parsed?.ok ? maskPesel(parsed.pesel) : undefined,
      preferredLocale: client.preferredLocale,
      createdAt: client.createdAt,
      activatedAt: client.activatedAt,
      pendingEmail: await pendingEmailChange(trx, clientId, deps.clock.now()),
    };
  });
}

/** Saves the language pages and mails use for this client; false when the account is gone. */
export function changePreferredLanguage(
  deps: Pick<ProfileDeps, 'db'>,
  { tenant }: ServiceContext,
  clientId: string,
  locale: Locale,
): Promise<boolean> {
  return withTenant(deps.db, tenant.id, (trx) => setPreferredLocale(trx, clientId, locale));
}
