// The staff section (/admin inside a tenant): its routers in the order they are tried. The
// sign-in and the links (invitation, password reset) come first, as they need no signed-in
// member; every other page puts requireStaff (guards.ts) at the head of its chain.
import type { Router } from 'express';
import { dashboardRouter } from './dashboard.routes.ts';
import type { GuardDeps } from './guards.ts';

export type AdminDeps = GuardDeps;

export function adminRouters(deps: AdminDeps): Router[] {
  return [dashboardRouter(deps)];
}
