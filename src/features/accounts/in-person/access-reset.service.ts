// Access given again at the counter (issue #19) to a client who cannot sign in (a forgotten
// password, a lost e-mail account), after the clerk has checked who they are. Either a reset
// link to the client's address, the link the client could have asked for themselves; or a new
// start password for the handover sheet: the old password stops working at once, every
// session and every open link of the account ends with it, and the client must choose their
// own password at the next sign-in. Staff never choose or see the client's own password.
import type { Knex } from 'knex';
import { recordAudit } from '../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { endSessionsOfUserIn } from '../../../platform/sessions/sign-in.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { voidOpenTokens } from '../clients/account-tokens.ts';
import { loadClientProfile, type ClientProfile } from '../clients/client-profile.ts';
import { issueStartPassword } from '../clients/clients-at-counter.repo.ts';
import { passwordSettingsOf } from '../clients/password-policy.ts';
import { newLogin } from '../clients/start-password.ts';
import { clientRecord } from '../client-record/client-record.repo.ts';
import { sendResetLink } from '../password-reset/password-reset.service.ts';
import {
  LOGIN_ATTEMPTS,
  START_PASSWORD_LIFETIME_MS,
  startPasswordFor,
  type InPersonDeps,
} from './in-person.service.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';

export const ACCESS_RESET_METHODS = ['link', 'startPassword'] as const;
export type AccessResetMethod = (typeof ACCESS_RESET_METHODS)[number];

export type AccessResetOutcome =
  | { kind: 'linkSent' }
  | { kind: 'issued'; clientId: string; login: string; startPassword: string; expiresAt: Date }
  /** A link was asked for, and the client has no address. */
  | { kind: 'noEmail' }
  /** The outbox's throttle held the link back (links were sent very recently): the last one still works. */
  | { kind: 'throttled' }
  /** Not an account that can sign in (not activated yet, deactivated, closed). */
  | { kind: 'notApplicable' }
  | { kind: 'notFound' };

type Context = ServiceContext & { actor: { kind: 'staff'; staffId: string } };

export async function resetAccess(
  deps: InPersonDeps,
  context: Context,
  { clientId, method }: { clientId: string; method: AccessResetMethod },
): Promise<AccessResetOutcome> {
  const profileContext = { nationalIds: deps.nationalIds, tenant: context.tenant };
  const client = await withTenant(deps.db, context.tenant.id, async (trx) => {
    const profile = await loadClientProfile(trx, profileContext, clientId);
    return profile ?? ((await clientRecord(trx, clientId)) ? ('notApplicable' as const) : undefined);
  });
  if (!client) return { kind: 'notFound' };
  if (client === 'notApplicable') return { kind: 'notApplicable' };
  if (method === 'link') return sendLink(deps, context, client);
  return issueNewStartPassword(deps, context, client);
}

function sendLink(deps: InPersonDeps, context: Context, client: ClientProfile): Promise<AccessResetOutcome> {
  const { email } = client;
  if (!email) return Promise.resolve({ kind: 'noEmail' });
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<AccessResetOutcome> => {
    const now = deps.clock.now();
    const row = { id: client.id, first_name: client.firstName, preferred_locale: client.preferredLocale, email };
    if ((await sendResetLink(trx, deps, context.tenant, row, now)).status !== 'queued') return { kind: 'throttled' };
    await recordAudit(trx, context, {
      action: 'client.access_reset',
      subject: { kind: 'client', id: client.id },
      changes: { method: [null, 'link'] },
    });
    return { kind: 'linkSent' };
  });
}

async function issueNewStartPassword(
  deps: InPersonDeps,
  context: Context,
  client: ClientProfile,
): Promise<AccessResetOutcome> {
  const personal = {
    firstName: client.firstName,
    lastName: client.lastName,
    email: client.email ?? undefined,
    pesel: client.pesel,
  };
  const issued = await startPasswordFor(personal, passwordSettingsOf(context.tenant.settings));
  for (let attempt = 0; ; attempt += 1) {
    try {
      // An account activated by e-mail has no login: the sheet needs one to sign in with.
      const login = client.login ?? newLogin(client.firstName, client.lastName);
      return await withTenant(deps.db, context.tenant.id, (trx) =>
        replacePassword(trx, deps, context, { clientId: client.id, login, passwordHash: issued.passwordHash }).then(
          (expiresAt): AccessResetOutcome =>
            expiresAt
              ? { kind: 'issued', clientId: client.id, login, startPassword: issued.startPassword, expiresAt }
              : { kind: 'notApplicable' },
        ),
      );
    } catch (error) {
      const loginDrawnTwice = violatedUniqueIndex(error) === 'clients_tenant_id_login_key_key';
      if (!loginDrawnTwice || attempt + 1 >= LOGIN_ATTEMPTS) throw error;
    }
  }
}

/** The start password in place of the old one, and everything the old one opened closed. */
async function replacePassword(
  trx: Knex.Transaction,
  deps: InPersonDeps,
  context: Context,
  access: { clientId: string; login: string; passwordHash: string },
): Promise<Date | undefined> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + START_PASSWORD_LIFETIME_MS);
  const before = await clientRecord(trx, access.clientId);
  if (!before || !(await issueStartPassword(trx, access.clientId, { ...access, expiresAt }))) return undefined;
  await voidOpenTokens(trx, access.clientId, now);
  await endSessionsOfUserIn(trx, access.clientId, now);
  await recordAudit(trx, context, {
    action: 'client.access_reset',
    subject: { kind: 'client', id: access.clientId },
    changes: {
      method: [null, 'startPassword'],
      status: [before.status, 'issued'],
      login: [before.login, access.login],
    },
  });
  return expiresAt;
}
