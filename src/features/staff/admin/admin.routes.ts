// The staff section (/admin inside a tenant): its routers in the order they are tried. The
// sign-in, the enrolment and the links (invitation, password reset) come first, as they need
// no signed-in member; every other page puts requireStaff (guards.ts) at the head of its chain.
import type { Router } from 'express';
import { enrolmentRouter } from '../sign-in/enrolment.routes.ts';
import { staffLinksRouter } from '../sign-in/links.routes.ts';
import { staffSignInRouter, type StaffSignInRouterDeps } from '../sign-in/sign-in.routes.ts';
import { auditRouter } from './audit.routes.ts';
import { dashboardRouter } from './dashboard.routes.ts';
import { staffManagementRouter, type StaffPagesDeps } from './staff-management.routes.ts';

export type AdminDeps = StaffSignInRouterDeps & StaffPagesDeps;

export function adminRouters(deps: AdminDeps): Router[] {
  return [
    dashboardRouter(deps),
    staffSignInRouter(deps),
    enrolmentRouter(deps),
    staffLinksRouter(deps),
    staffManagementRouter(deps),
    auditRouter(deps),
  ];
}
