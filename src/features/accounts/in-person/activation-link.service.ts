// An activation link sent by the counter (issue #19) to a client who is not yet an account:
// a self-registration whose e-mail address was mistyped, or a client served at the counter who
// now wants the portal. The address is set or corrected, every earlier activation link voided
// at once (it went to an address that was wrong: it must not work even if the new mail is held
// back), and a fresh link mailed to the address now on record.
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { voidOpenTokens } from '../clients/account-tokens.ts';
import { setActivationEmail } from '../clients/clients-at-counter.repo.ts';
import { clientRecord } from '../client-record/client-record.repo.ts';
import { sendActivationLink } from '../registration/registration.service.ts';
import type { InPersonDeps } from './in-person.service.ts';
import { isUniqueViolation } from '../../../platform/db/unique-violation.ts';

export type ActivationLinkOutcome =
  | { kind: 'sent' }
  /** The client is an account already (or closed): a link would activate nothing. */
  | { kind: 'notActivatable' }
  | { kind: 'emailTaken' }
  | { kind: 'notFound' };

export async function sendActivationLinkTo(
  deps: InPersonDeps,
  context: ServiceContext,
  { clientId, email }: { clientId: string; email: string },
): Promise<ActivationLinkOutcome> {
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx) => {
      const before = await clientRecord(trx, clientId);
      if (!before) return { kind: 'notFound' as const };
      if (!(await setActivationEmail(trx, clientId, email))) return { kind: 'notActivatable' as const };
      const now = deps.clock.now();
      await voidOpenTokens(trx, clientId, now, ['activation']);
      const client = { id: clientId, first_name: before.firstName, email, preferred_locale: before.preferredLocale };
      await sendActivationLink(trx, deps, { tenant: context.tenant, client, now });
      await recordAudit(trx, context, {
        action: 'client.activation_link_sent',
        subject: { kind: 'client', id: clientId },
        changes: { email: [before.email, email] },
      });
      return { kind: 'sent' as const };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'emailTaken' };
    throw error;
  }
}
