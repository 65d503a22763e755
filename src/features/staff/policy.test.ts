// The whole table of role × action, written out so a change to the policy is a change here too.
import { describe, expect, it } from 'vitest';
import { can, STAFF_ACTIONS, type StaffAction, type StaffRole } from './policy.ts';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';

const EXPECTED: Record<StaffAction, Record<StaffRole, boolean>> = {
  'clients.search': { clerk: true, manager: true },
  'clients.view': { clerk: true, manager: true },
  'clients.create': { clerk: true, manager: true },
  'clients.sendActivationLink': { clerk: true, manager: true },
  'clients.endSessions': { clerk: true, manager: true },
  'clients.unlock': { clerk: true, manager: true },
  'clients.deactivate': { clerk: true, manager: true },
  'clients.edit': { clerk: true, manager: true },
  'clients.resetAccess': { clerk: true, manager: true },
  'clients.reopen': { clerk: true, manager: true },
  'mails.listProblems': { clerk: true, manager: true },
  'mails.resend': { clerk: true, manager: true },
  'money.view': { clerk: true, manager: true },
  'money.recordPayment': { clerk: true, manager: true },
  'payments.view': { clerk: true, manager: true },
  'premises.view': { clerk: true, manager: true },
  'premises.linkRights': { clerk: true, manager: true },
  'cards.view': { clerk: true, manager: true },
  'cards.review': { clerk: true, manager: true },
  'cards.sellPasses': { clerk: true, manager: true },
  'cards.recordEntries': { clerk: true, manager: true },
  'cards.recordEntitlements': { clerk: true, manager: true },
  'cards.apply': { clerk: true, manager: true },
  'cards.handOver': { clerk: true, manager: true },
  'cards.changeData': { clerk: true, manager: true },
  'premises.recordReadings': { clerk: true, manager: true },
  'staff.list': { clerk: false, manager: true },
  'staff.invite': { clerk: false, manager: true },
  'staff.changeRole': { clerk: false, manager: true },
  'staff.disable': { clerk: false, manager: true },
  'staff.resetPassword': { clerk: false, manager: true },
  'staff.resetTotp': { clerk: false, manager: true },
  'audit.read': { clerk: false, manager: true },
  'settings.edit': { clerk: false, manager: true },
  'payments.reconcile': { clerk: false, manager: true },
  'premises.postCharges': { clerk: false, manager: true },
  'premises.import': { clerk: false, manager: true },
  'premises.manage': { clerk: false, manager: true },
  'premises.importAccountNumbers': { clerk: false, manager: true },
  'cards.configure': { clerk: false, manager: true },
  'cards.exportTicketing': { clerk: false, manager: true },
  'premises.setFees': { clerk: false, manager: true },
  'premises.recordAllowances': { clerk: false, manager: true },
  'premises.settleMedia': { clerk: false, manager: true },
};

const actor = (role: StaffRole) => ({ tenantId: TENANT, staffId: '33333333-3333-4333-8333-333333333333', role });
const cases = STAFF_ACTIONS.flatMap((action) =>
  (['clerk', 'manager'] as const).map((role) => [role, action, EXPECTED[action][role]] as const),
);

describe('can(actor, action, subject)', () => {
  it('has an expected answer for every action there is', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...STAFF_ACTIONS].sort());
  });

  it.each(cases)('a %s may %s: %s', (role, action, allowed) => {
    expect(can(actor(role), action)).toBe(allowed);
    expect(can(actor(role), action, { tenantId: TENANT })).toBe(allowed);
  });

  it.each(cases)("a %s may never %s on another tenant's subject", (role, action) => {
    expect(can(actor(role), action, { tenantId: OTHER_TENANT })).toBe(false);
  });

  it('lets a manager do everything a clerk may', () => {
    for (const action of STAFF_ACTIONS) {
      if (can(actor('clerk'), action)) expect(can(actor('manager'), action)).toBe(true);
    }
  });
});
