// A client made at the counter after an identity check (issue #19): the data of a
// self-registration under the tenant's PESEL rule, the document seen (its kind and last four
// characters), the clerk and the time, and for a minor the legal representative. Access is
// given one of three ways: an activation link to the client's e-mail; a login and a start
// password for the handover sheet (an account 'issued' until its first sign-in, which must
// change the password; the start password expires after 7 days and is kept only as a hash);
// or none yet (served at the counter). A PESEL already held by a client names that client
// instead: the clerk is sent to them, and nothing is made twice.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { calendarDateIn, meetsMinimumAge, type Pesel } from '../../../lib/pesel.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { hashPassword } from '../../../platform/crypto/password-hash.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { tenantRows, withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { PRIVACY_NOTICE_VERSION } from '../../portal/index.ts';
import { insertCounterClient } from '../clients/clients-at-counter.repo.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import { passwordSettingsOf } from '../clients/password-policy.ts';
import { newLogin, newStartPassword } from '../clients/start-password.ts';
import { nationalIdContext, sendActivationLink } from '../registration/registration.service.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';

export const DOCUMENT_TYPES = ['id_card', 'passport', 'residence_card', 'driving_licence'] as const;
export const REPRESENTATIVE_RELATIONS = ['parent', 'legal_guardian'] as const;
export const ACCESS_METHODS = ['link', 'login', 'none'] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];

/** How long a start password works: a week to come home and sign in. */
export const START_PASSWORD_LIFETIME_MS = 7 * 24 * 60 * 60_000;

export interface InPersonDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  nationalIds: NationalIdProtector;
}

export interface NewClientInPerson {
  firstName: string;
  lastName: string;
  /** Required for an activation link; may be left out otherwise. */
  email: string | undefined;
  /** Normalised (lib/phone.ts). */
  phone: string | undefined;
  pesel: Pesel | undefined;
  locale: Locale;
  document: { type: (typeof DOCUMENT_TYPES)[number]; ending: string };
  representative: { name: string; relation: (typeof REPRESENTATIVE_RELATIONS)[number] } | undefined;
  access: AccessMethod;
}

export type InPersonOutcome =
  | { kind: 'created'; clientId: string; access: 'none' | 'link' }
  /** The login and start password to print, once: only their hash is kept. */
  | { kind: 'issued'; clientId: string; login: string; startPassword: string; expiresAt: Date }
  /** The PESEL belongs to this client already. */
  | { kind: 'existing'; clientId: string }
  | { kind: 'emailTaken' }
  /** Younger than the tenant's minimum age and no representative recorded. */
  | { kind: 'needsRepresentative' };

/** A clash (a login drawn twice, a PESEL registered meanwhile) is tried again, a few times. */
export const LOGIN_ATTEMPTS = 5;

export async function createClientInPerson(
  deps: InPersonDeps,
  context: ServiceContext & { actor: { kind: 'staff'; staffId: string } },
  input: NewClientInPerson,
): Promise<InPersonOutcome> {
  const { tenant } = context;
  const now = deps.clock.now();
  if (input.pesel && !input.representative) {
    const today = calendarDateIn(tenant.timeZone, now);
    if (!meetsMinimumAge(input.pesel, tenant.settings.minimumAge, today)) return { kind: 'needsRepresentative' };
  }
  const personal = {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    pesel: input.pesel?.value,
  };
  const issued =
    input.access === 'login' ? await startPasswordFor(personal, passwordSettingsOf(tenant.settings)) : undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await createOnce(
        deps,
        context,
        input,
        issued && { ...issued, login: newLogin(input.firstName, input.lastName) },
      );
    } catch (error) {
      const constraint = violatedUniqueIndex(error);
      if (!constraint) throw error;
      if (constraint === 'clients_tenant_id_email_key_key') return { kind: 'emailTaken' };
      // A login drawn twice, or the PESEL given to someone else meanwhile (the next try finds them).
      const again = constraint === 'clients_tenant_id_login_key_key' || constraint === 'clients_national_id';
      if (!again || attempt + 1 >= LOGIN_ATTEMPTS) throw error;
    }
  }
}

/** The start password and its hash, made before the transaction (argon2 takes tens of milliseconds). */
export async function startPasswordFor(
  personal: { firstName: string; lastName: string; email: string | undefined; pesel: string | undefined },
  settings: ReturnType<typeof passwordSettingsOf>,
): Promise<{ startPassword: string; passwordHash: string }> {
  const startPassword = await newStartPassword({ ...settings, personal });
  return { startPassword, passwordHash: await hashPassword(startPassword) };
}

function createOnce(
  deps: InPersonDeps,
  context: ServiceContext & { actor: { kind: 'staff'; staffId: string } },
  input: NewClientInPerson,
  issued: { startPassword: string; passwordHash: string; login: string } | undefined,
): Promise<InPersonOutcome> {
  const { tenant } = context;
  const now = deps.clock.now();
  const peselIndexes = input.pesel ? deps.nationalIds.lookupIndexes(tenant.id, input.pesel.value) : [];
  return withTenant(deps.db, tenant.id, async (trx) => {
    if (peselIndexes.length > 0) {
      const holder = await tenantRows(trx, 'clients')
        .whereIn('national_id_index', peselIndexes)
        .whereNotIn('status', ['pending_activation', 'anonymised'])
        .first('id');
      if (holder) return { kind: 'existing' as const, clientId: holder.id as string };
    }
    const id = randomUUID();
    const client = { id, first_name: input.firstName, email: input.email ?? null, preferred_locale: input.locale };
    const expiresAt = new Date(now.getTime() + START_PASSWORD_LIFETIME_MS);
    await insertCounterClient(
      trx,
      {
        ...client,
        last_name: input.lastName,
        phone: input.phone ?? null,
        national_id_sealed: input.pesel
          ? deps.nationalIds.seal(input.pesel.value, nationalIdContext(tenant.id, id))
          : null,
        national_id_index: peselIndexes[0] ?? null,
        created_at: now,
      },
      issued && { login: issued.login, passwordHash: issued.passwordHash, expiresAt },
    );
    await trx('client_identity_checks').insert({
      client_id: id,
      document_type: input.document.type,
      document_ending: input.document.ending,
      representative_name: input.representative?.name ?? null,
      representative_relation: input.representative?.relation ?? null,
      checked_by: context.actor.staffId,
      checked_at: now,
    });
    await trx('client_consents').insert([
      { client_id: id, document: 'regulations', version: tenant.settings.regulations.version, accepted_at: now },
      { client_id: id, document: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, accepted_at: now },
    ]);
    if (input.access === 'link' && client.email) {
      await sendActivationLink(trx, deps, { tenant, client: { ...client, email: client.email }, now });
    }
    await recordAudit(trx, context, {
      action: 'client.created_in_person',
      subject: { kind: 'client', id },
      changes: {
        document_type: [null, input.document.type],
        access: [null, input.access],
        representative: [null, input.representative ? input.representative.relation : null],
      },
    });
    if (issued) {
      return {
        kind: 'issued' as const,
        clientId: id,
        login: issued.login,
        startPassword: issued.startPassword,
        expiresAt,
      };
    }
    return {
      kind: 'created' as const,
      clientId: id,
      access: input.access === 'link' ? ('link' as const) : ('none' as const),
    };
  });
}
