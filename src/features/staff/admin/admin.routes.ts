// The staff section (/admin inside a tenant): its routers in the order they are tried. The
// sign-in and the links (invitation, password reset) come first, as they need no signed-in
// member; every other page puts requireStaff (guards.ts) at the head of its chain.
import type { Router } from 'express';
import { auditRouter } from './audit.routes.ts';
import { dashboardRouter } from './dashboard.routes.ts';
import { staffManagementRouter, type StaffPagesDeps } from './staff-management.routes.ts';

export type AdminDeps = StaffPagesDeps;

export function adminRouters(deps: AdminDeps): Router[] {
  return [dashboardRouter(deps), staffManagementRouter(deps), auditRouter(deps)];
}
