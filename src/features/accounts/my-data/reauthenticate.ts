// Downloading everything (with the full PESEL) and closing the account both ask for the
// current password again: a session left open on a shared computer must not be enough.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { verifyPassword } from '../../../platform/crypto/password-hash.ts';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import { signedInClientProfile, type ClientProfile } from '../clients/client-profile.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';

export interface MyDataDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  nationalIds: NationalIdProtector;
}

export type Reauthentication =
  { kind: 'confirmed'; client: ClientProfile } | { kind: 'wrong_password' } | { kind: 'gone' };

/** The signed-in client, if the password typed is theirs. argon2 runs outside any transaction. */
export async function reauthenticate(
  deps: MyDataDeps,
  context: ServiceContext,
  password: string,
): Promise<Reauthentication> {
  const client = await signedInClientProfile(deps, context);
  if (!client?.passwordHash) return { kind: 'gone' };
  if (!(await verifyPassword(client.passwordHash, password)).ok) return { kind: 'wrong_password' };
  return { kind: 'confirmed', client };
}
