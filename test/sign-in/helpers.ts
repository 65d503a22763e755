// Shared by the sign-in request tests: a tenant, an app with a controllable clock (trusting
// X-Forwarded-For, so a test can speak from many addresses as a botnet would), and the
// argon2 verifications the portal has computed (the metric operators watch).
import type { Express } from 'express';
import { passwordHashVerifications, signInAttempts } from '../../src/platform/metrics/registry.ts';
import type { SignInLimits } from '../../src/features/accounts/sign-in/sign-in.routes.ts';
import type { TenantSettings } from '../../src/platform/tenancy/tenant.ts';
import type { ControllableClock } from '../../src/lib/clock.ts';
import { clockStartingNow } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { newAgent, signInWith } from '../support/sessions.ts';

export interface SignInPortal {
  tenant: CreatedTenant;
  slug: string;
  app: Express;
  clock: ControllableClock;
}

export { MINUTE } from '../support/clock.ts';

export async function signInPortal(
  db: TestDatabase,
  settings: Partial<TenantSettings> = {},
  signInLimits?: Partial<SignInLimits>,
): Promise<SignInPortal> {
  const tenant = await createTenant(db.owner, { settings });
  const clock = clockStartingNow();
  const { app } = await createTestApp(db, {
    clock,
    trustProxy: true,
    ...(signInLimits ? { limits: signInLimits } : {}),
  });
  return { tenant, slug: tenant.input.slug, app, clock };
}

let addresses = 0;
/** A different client address for every call (203.0.113.0/24 and on, documentation ranges). */
export function nextIp(): string {
  addresses += 1;
  return `198.51.${Math.floor(addresses / 250) % 250}.${(addresses % 250) + 1}`;
}

/** One sign-in attempt from a fresh browser at the given address; the POST's response. */
export function attempt(portal: SignInPortal, identifier: string, password: string, ip: string = nextIp()) {
  return signInWith(newAgent(portal.app), portal.slug, identifier, password, {
    'X-Forwarded-For': ip,
    'Accept-Language': 'en',
  });
}

/** Sign-in answers of one outcome the metrics have counted so far. */
export async function attemptsCounted(outcome: string): Promise<number> {
  return (await signInAttempts.get()).values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

export async function verificationsSoFar(): Promise<number> {
  return (await passwordHashVerifications.get()).values[0]?.value ?? 0;
}

/** A page's HTML without what differs per visitor (the CSRF token). */
export function withoutCsrf(html: string): string {
  return html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
}
