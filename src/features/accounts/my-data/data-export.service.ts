// "Download my data": everything this tenant holds about the signed-in client, read in one
// tenant transaction and only by the client's own id, so nothing of anyone else can be in it.
// Left out on purpose: secrets (password hash, session ids, link hashes) and mail contents
// (sealed, and erased once sent); the outbox keeps only which mail went where and when.
import { withTenant, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { ClientProfile } from '../clients/client-profile.ts';
import { activeSessions } from '../security/security.service.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import type { MyDataDeps } from './reauthenticate.ts';

type Cell = string | boolean | null;
export type ExportRecord = Record<string, Cell>;

export interface ClientDataExport {
  export: ExportRecord;
  profile: ExportRecord;
  consents: ExportRecord[];
  signInEvents: ExportRecord[];
  sessions: ExportRecord[];
  accountLinks: ExportRecord[];
  mails: ExportRecord[];
}

export type ExportSection = keyof ClientDataExport;

const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);

export function collectClientData(
  deps: Pick<MyDataDeps, 'db'>,
  { tenant }: ServiceContext,
  client: ClientProfile,
  { currentSid, now }: { currentSid: string | undefined; now: Date },
): Promise<ClientDataExport> {
  const mine = { client_id: client.id };
  return withTenant(deps.db, tenant.id, async (trx) => ({
    export: { organisation: tenant.name, exportedAt: iso(now) },
    profile: {
      firstName: client.firstName,
      lastName: client.lastName,
      email: client.email,
      login: client.login,
      phone: client.phone,
      pesel: client.pesel ?? null,
      preferredLanguage: client.preferredLocale,
      status: client.status,
      createdAt: iso(client.createdAt),
      activatedAt: iso(client.activatedAt),
    },
    consents: (
      await tenantRows(trx, 'client_consents')
        .where(mine)
        .orderBy('accepted_at')
        .select('document', 'version', 'accepted_at')
    ).map((row) => ({
      document: row.document,
      version: row.version,
      acceptedAt: iso(row.accepted_at),
    })),
    signInEvents: (
      await tenantRows(trx, 'sign_in_events')
        .where(mine)
        .orderBy('occurred_at', 'desc')
        .select('occurred_at', 'outcome', 'ip', 'user_agent')
    ).map((row) => ({
      occurredAt: iso(row.occurred_at),
      outcome: row.outcome,
      ip: row.ip,
      userAgent: row.user_agent,
    })),
    sessions: (await activeSessions(trx, { clientId: client.id, currentSid, now })).map((session) => ({
      signedInAt: iso(session.signedInAt),
      lastSeenAt: iso(session.lastSeenAt),
      ip: session.ip ?? null,
      userAgent: session.userAgent ?? null,
      thisDevice: session.current,
    })),
    accountLinks: (
      await tenantRows(trx, 'account_tokens')
        .where(mine)
        .orderBy('created_at')
        .select('purpose', 'new_email', 'created_at', 'expires_at', 'used_at')
    ).map((row) => ({
      purpose: row.purpose,
      newEmail: row.new_email ?? null,
      createdAt: iso(row.created_at),
      expiresAt: iso(row.expires_at),
      usedAt: iso(row.used_at),
    })),
    mails: (
      await tenantRows(trx, 'mail_outbox')
        .where({ user_id: client.id })
        .orderBy('created_at')
        .select('template', 'recipient', 'status', 'created_at')
    ).map((row) => ({
      template: row.template,
      recipient: row.recipient,
      status: row.status,
      createdAt: iso(row.created_at),
    })),
  }));
}
