// Self-registration (issue #5): one transaction creates the pending account, records the
// acceptance of the regulations and the privacy notice, issues the activation link and
// queues its mail. Nobody learns from the answer whether an e-mail address is registered;
// a PESEL already held by an account sends the person to the front desk (the sports
// centre's rule), which is why the form is rate-limited per IP and per PESEL.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenantEvenly, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { MailOutbox, QueueOutcome } from '../../../platform/mail/outbox.ts';
import { issueToken } from '../clients/account-tokens.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import { calendarDateIn, meetsMinimumAge, type Pesel } from '../../../lib/pesel.ts';
import { PRIVACY_NOTICE_VERSION } from '../../portal/index.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { ACTIVATION_MAIL, REGISTRATION_ATTEMPT_MAIL } from '../mails.ts';
import { dropExpiredRegistration, extendRegistration, insertRegistration } from '../clients/clients.repo.ts';
import { isUniqueViolation } from '../../../platform/db/unique-violation.ts';

/** A registration never activated is kept this long after its link expires, then removed. */
export const REGISTRATION_GRACE_MS = 24 * 60 * 60_000;

export interface RegistrationDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  nationalIds: NationalIdProtector;
}

export interface Registration {
  firstName: string;
  lastName: string;
  email: string;
  /** Only where the tenant's form asks for it. */
  pesel?: Pesel | undefined;
  locale: Locale;
}

export type RegistrationOutcome =
  /** The same page whatever happened with the address: a new account, or a notice to its owner. */
  | { kind: 'check_mailbox' }
  /** Served at the front desk instead: the PESEL has an account already, or the person is too young. */
  | { kind: 'front_desk'; reason: 'pesel_registered' | 'too_young' };

export function nationalIdContext(tenantId: string, clientId: string): string {
  return `clients.national_id:${tenantId}:${clientId}`;
}

const HOUR_MS = 60 * 60_000;

/**
 * Issues a fresh activation link (voiding the older) and queues its mail, in `trx`; what the
 * outbox did with it. A mail sent again from the mail problems page names the dead one in its
 * `idempotencyKey`; any other link is an event of its own.
 */
export async function sendActivationLink(
  trx: Knex.Transaction,
  deps: Pick<RegistrationDeps, 'outbox'>,
  {
    tenant,
    client,
    now,
    idempotencyKey = `activation:${client.id}:${randomUUID()}`,
  }: {
    tenant: Tenant;
    client: { id: string; first_name: string; email: string; preferred_locale: Locale };
    now: Date;
    idempotencyKey?: string;
  },
): Promise<QueueOutcome> {
  const validHours = tenant.settings.activationLinkHours;
  const lifetime = { clientId: client.id, purpose: 'activation' as const, lifetimeMs: validHours * HOUR_MS, now };
  let outcome: QueueOutcome | undefined;
  const token = await issueToken(trx, lifetime, async (newToken) => {
    outcome = await deps.outbox.enqueue(trx, {
      template: ACTIVATION_MAIL,
      to: client.email,
      locale: client.preferred_locale,
      userId: client.id,
      params: { firstName: client.first_name, token: newToken, validHours },
      // Each new link has its own mail (the outbox throttles the address).
      idempotencyKey,
    });
    return outcome.status === 'queued';
  });
  if (token) {
    // The registration lives as long as its newest link, and the grace period after it.
    await extendRegistration(trx, client.id, new Date(now.getTime() + validHours * HOUR_MS + REGISTRATION_GRACE_MS));
  }
  return outcome!;
}

/**
 * Statements the longest branch (a new registration with a PESEL) sends: the transaction id,
 * the expired registration's removal, the PESEL and address lookups, the new account and its
 * consents, and the activation link's mail (4), token (2) and expiry. A registration that meets
 * an existing address sends as many, so the answer's timing does not tell it from a new one.
 */
const REGISTER_STATEMENTS = 13;

/**
 * Registers, or answers as registering does. Two requests racing with the same new e-mail:
 * the loser's insert hits the unique index, and a second run sees the winner's row and
 * answers as for any registration that meets an existing one.
 */
export async function registerClient(
  deps: RegistrationDeps,
  { tenant }: ServiceContext,
  registration: Registration,
): Promise<RegistrationOutcome> {
  try {
    return await registerOnce(deps, tenant, registration);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return registerOnce(deps, tenant, registration);
  }
}

async function registerOnce(
  deps: RegistrationDeps,
  tenant: Tenant,
  registration: Registration,
): Promise<RegistrationOutcome> {
  const now = deps.clock.now();
  if (registration.pesel) {
    const today = calendarDateIn(tenant.timeZone, now);
    if (!meetsMinimumAge(registration.pesel, tenant.settings.minimumAge, today)) {
      return { kind: 'front_desk', reason: 'too_young' };
    }
  }
  // The current key's index first (what a new row stores); during a DATA_KEY rotation a PESEL
  // may still be indexed under the previous key.
  const peselIndexes = registration.pesel ? deps.nationalIds.lookupIndexes(tenant.id, registration.pesel.value) : [];

  return withTenantEvenly(deps.db, tenant.id, REGISTER_STATEMENTS, async (trx) => {
    await dropExpiredRegistration(trx, registration.email, now);

    // Only an account (active, issued at the counter, locked, closing…) holds a PESEL; a
    // pending registration does not, so its answer can tell nothing about any e-mail address.
    if (peselIndexes.length > 0) {
      const holder = await tenantRows(trx, 'clients')
        .whereIn('national_id_index', peselIndexes)
        .whereNot({ status: 'pending_activation' })
        .first('id');
      if (holder) return { kind: 'front_desk', reason: 'pesel_registered' };
    }

    const byEmail = await tenantRows(trx, 'clients')
      .where({ email_key: registration.email.toLowerCase() })
      .forUpdate()
      .first('id', 'status', 'first_name', 'email', 'preferred_locale');

    if (byEmail) {
      if (byEmail.status === 'pending_activation') {
        // Registering again before activating: a new link, as "didn't get it?" would send.
        await sendActivationLink(trx, deps, { tenant, client: byEmail, now });
      } else {
        // The address belongs to an account: its owner hears of the attempt; the visitor sees
        // the same page as for a new registration.
        await deps.outbox.enqueue(trx, {
          template: REGISTRATION_ATTEMPT_MAIL,
          to: byEmail.email,
          locale: byEmail.preferred_locale,
          userId: byEmail.id,
          params: {},
          idempotencyKey: `registration-attempt:${byEmail.id}:${now.getTime()}`,
        });
      }
      return { kind: 'check_mailbox' };
    }

    const id = randomUUID();
    const client = {
      id,
      first_name: registration.firstName,
      last_name: registration.lastName,
      email: registration.email,
      preferred_locale: registration.locale,
    };
    await insertRegistration(trx, {
      ...client,
      national_id_sealed: registration.pesel
        ? deps.nationalIds.seal(registration.pesel.value, nationalIdContext(tenant.id, id))
        : null,
      national_id_index: peselIndexes[0] ?? null,
      registration_expires_at: new Date(
        now.getTime() + tenant.settings.activationLinkHours * HOUR_MS + REGISTRATION_GRACE_MS,
      ),
      created_at: now,
    });
    await trx('client_consents').insert([
      { client_id: id, document: 'regulations', version: tenant.settings.regulations.version, accepted_at: now },
      { client_id: id, document: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, accepted_at: now },
    ]);
    await sendActivationLink(trx, deps, { tenant, client, now });
    return { kind: 'check_mailbox' };
  });
}
