// Who on a tenant's staff may do what: the one place that says it. A clerk does the counter's
// work (finding and viewing clients); a manager does everything a clerk does and also runs the
// staff, reads the audit log and edits the tenant's settings. Nobody acts on another tenant's
// subject, whatever their role.
//
// The policy judges roles only. What needs the database (that a manager disabling or demoting
// someone, themselves included, leaves the tenant an active manager; that the actor is still
// active) is checked by the services, in the transaction of the change.

export const STAFF_ROLES = ['clerk', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The counter's work: what a clerk may do, and so a manager too. */
const CLERK_ACTIONS = [
  'clients.search',
  'clients.view',
  'clients.create',
  'clients.sendActivationLink',
  'clients.endSessions',
  'clients.unlock',
  'clients.deactivate',
  'clients.edit',
  'clients.resetAccess',
  'clients.reopen',
  // The mail problems page: the mails that failed, and sending a dead one again (each resend
  // also needs the action it amounts to, platform/mail/resend.ts).
  'mails.listProblems',
  'mails.resend',
  // Money at the counter: a client's accounts and turnover, and a cash or card payment taken.
  'money.view',
  'money.recordPayment',
  // The tenant's payments (issue #20): the list a clerk answers a client's question from.
  'payments.view',
  // Housing (issue #21): a client's rights to premises, linked and ended at the counter.
  'premises.view',
  'premises.linkRights',
  // Cards (issue #22): a client's cards and their history, and the workflow's steps for staff.
  'cards.view',
  'cards.review',
  // Season passes at the counter: a pass sold and paid at the till, an entry recorded, and a
  // client's entitlement to reduced prices recorded from the document they show.
  'cards.sellPasses',
  'cards.recordEntries',
  'cards.recordEntitlements',
  // An application for a card made at the counter for a client (one without internet).
  'cards.apply',
  // A city card handed over with its first ticket or top-up paid at the till, or sold to the
  // bearer with its deposit (issue #23).
  'cards.handOver',
  // A city card holder's change of address, name or discount, asked for at the counter and
  // completed there with the holder's document and card (issue #23).
  'cards.changeData',
  // A meter's reading as the resident reports it or a reader brings it: no money moves.
  'premises.recordReadings',
] as const;

/** Running the staff and the tenant: a manager's alone. */
const MANAGER_ONLY_ACTIONS = [
  'staff.list',
  'staff.invite',
  'staff.changeRole',
  'staff.disable',
  'staff.resetPassword',
  'staff.resetTotp',
  'audit.read',
  'settings.edit',
  // The day's reconciliation of payments against the ledger and the providers.
  'payments.reconcile',
  // A charge on a premises' account posted by hand (issue #21), outside the accounting system's import.
  'premises.postCharges',
  // Buildings and premises created and corrected (issue #21): a new premises opens money
  // accounts with their opening balances and takes an account number, so it is a manager's,
  // as a charge by hand is. A clerk sees the buildings (premises.view).
  'premises.manage',
  // The list of account numbers imported from the bank, which every new premises draws on.
  'premises.importAccountNumbers',
  // The card types a tenant issues (issue #22): their names, fees and number formats.
  'cards.configure',
  // The city card's files for the operator's ticketing system (issue #23): the hot list and the
  // pending loads, and confirming a download of the loads, after which they are not sent again.
  'cards.exportTicketing',
  // What a premises is charged and credited (issue #21): its fee components' rates, the housing
  // allowance decisions, and the media settlements, each booked into the ledger.
  'premises.setFees',
  'premises.recordAllowances',
  'premises.settleMedia',
  // The ledger entries of the accounting system's CSV imported from the staff's page (issue #21).
  'premises.import',
] as const;

export const STAFF_ACTIONS = [...CLERK_ACTIONS, ...MANAGER_ONLY_ACTIONS] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

const ALLOWED: Readonly<Record<StaffRole, ReadonlySet<StaffAction>>> = {
  clerk: new Set<StaffAction>(CLERK_ACTIONS),
  manager: new Set<StaffAction>([...CLERK_ACTIONS, ...MANAGER_ONLY_ACTIONS]),
};

/** The member of staff acting, as the service read them in its transaction. */
export interface PolicyActor {
  tenantId: string;
  staffId: string;
  role: StaffRole;
}

/** What the action is on: a client or a member of staff, known by its tenant. */
export interface PolicySubject {
  tenantId: string;
}

export function can(actor: PolicyActor, action: StaffAction, subject?: PolicySubject): boolean {
  if (subject && subject.tenantId !== actor.tenantId) return false;
  return ALLOWED[actor.role].has(action);
}
