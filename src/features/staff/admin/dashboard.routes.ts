// The staff section's start page: what the signed-in member of staff may open, by their role.
import { Router } from 'express';
import type { Module } from '../../../platform/tenancy/tenant.ts';
import { can, type StaffAction } from '../policy.ts';
import { requireStaff, staffContext, type GuardDeps } from './guards.ts';

/**
 * The section's other pages (features/staff/admin/…, the counter's): shown to whoever the policy
 * lets open them, at a tenant with the module (or one of the modules) they belong to.
 */
const SECTIONS: readonly { path: string; key: string; action: StaffAction; module?: Module | readonly Module[] }[] = [
  { path: '/admin/mail-problems', key: 'adminMail:dashboardLink', action: 'mails.listProblems' },
  { path: '/admin/staff', key: 'admin:dashboard.staff', action: 'staff.list' },
  { path: '/admin/audit', key: 'admin:dashboard.audit', action: 'audit.read' },
  // features/payments
  { path: '/admin/payments', key: 'adminPayments:dashboardLink', action: 'payments.view' },
  // features/tenant-settings
  { path: '/admin/settings', key: 'adminSettings:dashboardLink', action: 'settings.edit' },
  // features/housing, at a tenant that keeps premises
  { path: '/admin/premises', key: 'housing:desk.dashboardLink', action: 'premises.view', module: 'premises' },
  { path: '/admin/premises/import', key: 'housingImport:dashboardLink', action: 'premises.import', module: 'premises' },
  {
    path: '/admin/buildings',
    key: 'housingStaff:buildings.dashboardLink',
    action: 'premises.view',
    module: 'premises',
  },
  {
    path: '/admin/account-numbers',
    key: 'housingStaff:accountNumbers.dashboardLink',
    action: 'premises.importAccountNumbers',
    module: 'premises',
  },
  // features/cards: the card types where the tenant issues cards, the pass catalogue with the Client Card
  {
    path: '/admin/cards/types',
    key: 'cards:types.dashboardLink',
    action: 'cards.configure',
    module: ['client_card', 'city_card'],
  },
  { path: '/admin/cards/passes', key: 'passCatalogue:dashboardLink', action: 'cards.configure', module: 'client_card' },
  // … and the review of city card applications, at a tenant that issues the city card
  { path: '/admin/cards/applications', key: 'cards:review.dashboardLink', action: 'cards.review', module: 'city_card' },
  // … the bearer cards' sale and the ticketing system's files
  { path: '/admin/cards/bearer/new', key: 'cards:bearer.dashboardLink', action: 'cards.handOver', module: 'city_card' },
  {
    path: '/admin/cards/ticketing',
    key: 'cards:ticketing.dashboardLink',
    action: 'cards.exportTicketing',
    module: 'city_card',
  },
];

export function dashboardRouter(deps: GuardDeps): Router {
  const router = Router();
  router.get('/', requireStaff(deps), (_req, res) => {
    const { actor, tenant } = staffContext(res);
    const policyActor = { tenantId: tenant.id, staffId: actor.staffId, role: actor.role };
    const sections = SECTIONS.filter(
      (section) =>
        can(policyActor, section.action) &&
        (!section.module || [section.module].flat().some((module) => tenant.modules.includes(module))),
    );
    res.render('admin/dashboard', {
      title: res.locals.ctx.t('admin:dashboard.title'),
      sections,
      // The counter's search box (features/counter), for whoever may search.
      maySearch: can(policyActor, 'clients.search'),
    });
  });
  return router;
}
