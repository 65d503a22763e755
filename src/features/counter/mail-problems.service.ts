// The staff's mail problems (issue #19): the tenant's mails that failed, and sending a dead one
// again. The outbox's rows are the platform's (platform/mail/mail-problems.ts); who a mail was
// for is the accounts' (a link to the client's page); a mail is made anew by the feature that
// owns its template (its manifest's mailResends), which issues a fresh link where the mail
// carried one. A dead mail is sent again at most once: its resend lock makes a double click
// wait for the first, which then finds the mail queued.
import type { Knex } from 'knex';
import { recordAudit } from '../../platform/audit/record.ts';
import {
  deadMailForResend,
  mailProblems,
  resendKey,
  resentAs,
  supersededBy,
  type MailProblem,
  type MailProblemCursor,
  type MailProblemState,
} from '../../platform/mail/mail-problems.ts';
import type { MailResend, StaleReason } from '../../platform/mail/resend.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import { clientsNamed, type NamedClient } from '../accounts/index.ts';
import { mayAct, STAFF_ACTIONS, type StaffAction, type StaffContext } from '../staff/index.ts';

/** Mails on a page: a screenful to scan. */
export const MAIL_PROBLEMS_PAGE_ROWS = 50;

export interface MailProblemsDeps {
  db: Knex;
  mailResends: readonly MailResend[];
}

export interface ListedMailProblem extends MailProblem {
  /** The client it was for, when it was a client's. */
  client: NamedClient | undefined;
  /**
   * Whether a dead mail not sent again yet can be: 'yes' (its feature makes it anew and the
   * policy lets the actor send it), 'notYours' (another role may), 'never' (nobody: a notice, or
   * not dead, or sent again already).
   */
  resend: 'yes' | 'notYours' | 'never';
}

/** A page of the tenant's mail problems; reading it is audited, as it shows many people's addresses. */
export function mailProblemsPage(
  deps: MailProblemsDeps,
  context: StaffContext,
  filter: { state?: MailProblemState; after?: MailProblemCursor },
): Promise<{ mails: ListedMailProblem[]; next: MailProblemCursor | undefined }> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const mine = await resendableBy(trx, deps.mailResends, context);
    const anyone = new Set(deps.mailResends.map((resend) => resend.template));
    const page = await mailProblems(trx, { ...filter, limit: MAIL_PROBLEMS_PAGE_ROWS });
    const clients = await clientsNamed(
      trx,
      page.mails.flatMap((mail) => (mail.userId ? [mail.userId] : [])),
    );
    await recordAudit(trx, context, {
      action: 'mail.problems_listed',
      subject: { kind: 'tenant', id: context.tenant.id },
      ...(filter.state ? { changes: { state: [null, filter.state] } } : {}),
    });
    const mails = page.mails.map((mail) => ({
      ...mail,
      client: mail.userId ? clients.get(mail.userId) : undefined,
      resend: resendOf(mail, mine, anyone),
    }));
    return { mails, next: page.next };
  });
}

export type ResendMailOutcome =
  | { kind: 'resent' }
  /** Sent again already (a double click, or another clerk): nothing more is queued. */
  | { kind: 'alreadyResent' }
  | { kind: 'stale'; reason: StaleReason }
  /** Its template is not made anew (a notice of a moment that has passed). */
  | { kind: 'notResendable' }
  | { kind: 'throttled'; retryAfterMs: number }
  /** The policy refuses the action the mail amounts to (a clerk and a staff member's link). */
  | { kind: 'forbidden' }
  | { kind: 'notFound' };

/** Thrown to roll back a resend the throttle held back: the dead mail stays as it was, to be tried again. */
class HeldBack extends Error {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('held back by the throttle');
    this.retryAfterMs = retryAfterMs;
  }
}

const isStaffAction = (action: string): action is StaffAction => (STAFF_ACTIONS as readonly string[]).includes(action);

/** Whether the policy lets the actor take the action a resend amounts to; an action it does not know, never. */
const mayResend = (trx: Knex.Transaction, context: StaffContext, resend: MailResend) =>
  isStaffAction(resend.action) ? mayAct(trx, context, resend.action) : Promise.resolve(false);

function resendOf(mail: MailProblem, mine: Set<string>, anyone: Set<string>): ListedMailProblem['resend'] {
  if (mail.state !== 'dead' || mail.resentAs || !anyone.has(mail.template)) return 'never';
  return mine.has(mail.template) ? 'yes' : 'notYours';
}

/** The templates whose dead mails the actor may send again: a button is shown for those only. */
async function resendableBy(
  trx: Knex.Transaction,
  resends: readonly MailResend[],
  context: StaffContext,
): Promise<Set<string>> {
  const templates = new Set<string>();
  // One after another: a transaction runs one statement at a time.
  for (const resend of resends) if (await mayResend(trx, context, resend)) templates.add(resend.template);
  return templates;
}

export async function resendDeadMail(
  deps: MailProblemsDeps,
  context: StaffContext,
  mailId: string,
): Promise<ResendMailOutcome> {
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx): Promise<ResendMailOutcome> => {
      const mail = await deadMailForResend(trx, mailId);
      if (!mail) return { kind: 'notFound' };
      if (await resentAs(trx, mail.id)) return { kind: 'alreadyResent' };
      const resend = deps.mailResends.find((candidate) => candidate.template === mail.template);
      if (!resend) return { kind: 'notResendable' };
      if (!(await mayResend(trx, context, resend))) return { kind: 'forbidden' };
      if (await supersededBy(trx, mail)) return { kind: 'stale', reason: 'superseded' };
      const outcome = await resend.resend(trx, { tenant: context.tenant, mail, idempotencyKey: resendKey(mail.id) });
      if (outcome.kind === 'throttled') throw new HeldBack(outcome.retryAfterMs);
      if (outcome.kind === 'stale') return outcome;
      await recordAudit(trx, context, {
        action: 'mail.resent',
        subject: { kind: 'mail', id: mail.id },
        changes: { resent: [mail.template, resend.template] },
      });
      return { kind: 'resent' };
    });
  } catch (error) {
    if (error instanceof HeldBack) return { kind: 'throttled', retryAfterMs: error.retryAfterMs };
    throw error;
  }
}
