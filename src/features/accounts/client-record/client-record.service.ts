// A client's page at the counter (issue #19): the profile and status, the sign-in history,
// the live sessions, the mails sent (their delivery, never their content), pending
// registrations with the same PESEL or e-mail, and the panels features add (ClientPanel). Looking is itself recorded: every view of a
// client's personal data writes an audit row in the transaction that reads it.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import type { ClientPanel } from '../../../platform/feature.ts';
import type { MaskedPesel } from '../../../lib/pesel.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { mailsToUser, type MailHistoryEntry } from '../../../platform/mail/mail-history.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { endSessionsOfUserIn } from '../../../platform/sessions/sign-in.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import { maskedNationalId } from '../clients/masked-national-id.ts';
import { activeSessions, type ActiveSession } from '../security/security.service.ts';
import { recentSignInEvents, type SignInEvent } from '../sign-in/sign-in-events.ts';
import {
  clientRecord,
  pendingRegistrationsLike,
  type ClientRecordRow,
  type PendingRegistration,
} from './client-record.repo.ts';
import { deactivateClient, reactivateClient, reopenClient, unlockClient } from '../clients/clients-at-counter.repo.ts';

export interface ClientRecordDeps {
  db: Knex;
  clock: Clock;
  nationalIds: NationalIdProtector;
}

/** How much of each history the page lists. */
export const CLIENT_PAGE_ROWS = 20;

export interface ClientPage {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  phone: string | null;
  pesel: MaskedPesel | undefined;
  preferredLocale: Locale;
  status: string;
  createdAt: Date;
  activatedAt: Date | null;
  /** Locked by wrong passwords until then (past: the lock has run out). */
  lockedUntil: Date | null;
  /** The lock holds now. */
  locked: boolean;
  /** Set while the client has not yet replaced the start password from the counter by their own. */
  startPasswordExpiresAt: Date | null;
  closedAt: Date | null;
  anonymiseAfter: Date | null;
  signIns: SignInEvent[];
  sessions: ActiveSession[];
  mails: MailHistoryEntry[];
  pendingRegistrations: PendingRegistration[];
  /** The features' panels that have something about this client, in the features' order. */
  panels: { name: string; view: string; data: unknown }[];
}

/** The client's page, or undefined when the tenant has no such client (or no longer knows them). */
export function clientPage(
  deps: ClientRecordDeps & { clientPanels: readonly ClientPanel[] },
  context: ServiceContext,
  clientId: string,
): Promise<ClientPage | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const client = await clientRecord(trx, clientId);
    if (!client) return undefined;
    const now = deps.clock.now();
    const { nationalIdSealed: _sealed, nationalIdIndex: _index, ...shown } = client;
    const page: ClientPage = {
      ...shown,
      pesel: maskedNationalId(deps.nationalIds, {
        tenantId: context.tenant.id,
        clientId: client.id,
        sealed: client.nationalIdSealed,
      }),
      locked: client.lockedUntil !== null && client.lockedUntil > now,
      signIns: await recentSignInEvents(trx, client.id, { limit: CLIENT_PAGE_ROWS }),
      sessions: await activeSessions(trx, { clientId: client.id, currentSid: undefined, now }),
      mails: await mailsToUser(trx, client.id, CLIENT_PAGE_ROWS),
      pendingRegistrations: await pendingRegistrationsLike(trx, client),
      panels: [],
    };
    for (const panel of deps.clientPanels) {
      const data = await panel.load(trx, client.id, context.tenant);
      if (data !== undefined) page.panels.push({ name: panel.name, view: panel.view, data });
    }
    await recordAudit(trx, context, { action: 'client.viewed', subject: { kind: 'client', id: client.id } });
    return page;
  });
}

/**
 * The client's name and status, for a page that confirms a change to them. Not audited as a
 * view: it shows no more than the page the clerk came from (which was), and the change is.
 */
export function clientSummary(
  deps: Pick<ClientRecordDeps, 'db'>,
  context: ServiceContext,
  clientId: string,
): Promise<Pick<ClientRecordRow, 'id' | 'firstName' | 'lastName' | 'email' | 'status'> | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const client = await clientRecord(trx, clientId);
    return (
      client && {
        id: client.id,
        firstName: client.firstName,
        lastName: client.lastName,
        email: client.email,
        status: client.status,
      }
    );
  });
}

/** Whether the tenant has this client (one the counter may open): for pages that only lead to theirs. */
export function isClient(
  deps: Pick<ClientRecordDeps, 'db'>,
  context: ServiceContext,
  clientId: string,
): Promise<boolean> {
  return withTenant(deps.db, context.tenant.id, async (trx) => (await clientRecord(trx, clientId)) !== undefined);
}

export type EndSessionsOutcome = { kind: 'ended'; count: number } | { kind: 'notFound' };

/** Signs the client out everywhere (a lost phone, a shared computer): every session ends at once. */
export function endClientSessions(
  deps: Pick<ClientRecordDeps, 'db' | 'clock'>,
  context: ServiceContext,
  clientId: string,
): Promise<EndSessionsOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const client = await clientRecord(trx, clientId);
    if (!client) return { kind: 'notFound' as const };
    const count = await endSessionsOfUserIn(trx, client.id, deps.clock.now());
    await recordAudit(trx, context, {
      action: 'client.sessions_ended',
      subject: { kind: 'client', id: client.id },
      changes: { sessions: [count, 0] },
    });
    return { kind: 'ended' as const, count };
  });
}

export type ClientChange = 'unlocked' | 'deactivated' | 'reactivated' | 'reopened';
export type ClientChangeOutcome = { kind: 'done' } | { kind: 'notApplicable' } | { kind: 'notFound' };

const CHANGES: Readonly<
  Record<ClientChange, (trx: Knex.Transaction, clientId: string, now: Date) => Promise<boolean>>
> = {
  unlocked: unlockClient,
  deactivated: deactivateClient,
  reactivated: reactivateClient,
  reopened: reopenClient,
};

/**
 * A clerk's change of the client's state: the lock after wrong passwords lifted; the account
 * deactivated (every session ends with it: nobody stays signed in to an account that may not
 * sign in) or reactivated; a closed account reopened before its data is erased. Audited with
 * the status before and after.
 */
export function changeClient(
  deps: Pick<ClientRecordDeps, 'db' | 'clock'>,
  context: ServiceContext,
  { clientId, change }: { clientId: string; change: ClientChange },
): Promise<ClientChangeOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const before = await clientRecord(trx, clientId);
    if (!before) return { kind: 'notFound' as const };
    const now = deps.clock.now();
    if (!(await CHANGES[change](trx, clientId, now))) return { kind: 'notApplicable' as const };
    if (change === 'deactivated') await endSessionsOfUserIn(trx, clientId, now);
    const after = await clientRecord(trx, clientId);
    await recordAudit(trx, context, {
      action: `client.${change}`,
      subject: { kind: 'client', id: clientId },
      changes: {
        status: [before.status, after?.status ?? null],
        locked_until: [before.lockedUntil, after?.lockedUntil ?? null],
        ...(change === 'reopened' ? { anonymise_after: [before.anonymiseAfter, null] } : {}),
      },
    });
    return { kind: 'done' as const };
  });
}
