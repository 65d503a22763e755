// What the staff:* commands share: the tenant they act at (as the registry would read it, so
// links use its domain), the service context of an operator's command, the options that name a
// member of staff, and finding one by e-mail. The commands call the staff services as the
// managers' pages will, acting as the system.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { systemClock } from '../../lib/clock.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { tenantFromRow, type Tenant } from '../../platform/tenancy/tenant.ts';
import { TENANT_SETTINGS } from '../../features/index.ts';
import { staffMemberWithEmail, type StaffDeps, type StaffMember } from '../../features/staff/index.ts';
import type { WorkerConfig } from '../../config.ts';
import { CliError, InvalidValuesError, type CliIo } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';

export const TENANT_OPTION = {
  tenant: { type: 'string', required: true, value: '<slug>', description: 'The tenant the staff work for' },
} as const;

export const STAFF_EMAIL_OPTION = {
  email: { type: 'string', required: true, value: '<email>', description: 'The member of staff, by e-mail' },
} as const;

/** What is wrong with the --email given: nothing, or one line. */
export function emailProblems(email: string): string[] {
  return z.string().email().max(254).safeParse(email).success ? [] : ['--email: not an e-mail address'];
}

/** The e-mail as given, when it is one. */
export function checkedEmail(email: string): string {
  const problems = emailProblems(email);
  if (problems.length > 0) throw new InvalidValuesError(problems);
  return email;
}

async function tenantWithSlug(owner: Knex, slug: string): Promise<Tenant> {
  const row = await owner('tenants as t')
    .leftJoin('tenant_domains as d', 'd.tenant_id', 't.id')
    .where('t.slug', slug)
    .groupBy('t.id')
    .first('t.*', owner.raw('array_agg(d.hostname) FILTER (WHERE d.hostname IS NOT NULL) AS domains'));
  if (!row) throw new CliError(`no tenant with the slug "${slug}"`);
  return tenantFromRow(row, TENANT_SETTINGS);
}

export interface StaffCommandScope {
  deps: StaffDeps;
  context: ServiceContext;
  config: WorkerConfig;
}

/** Runs the work at the tenant, as the command `job`, with the owner's connection. */
export function atTenant<T>(
  io: CliIo,
  { slug, job }: { slug: string; job: string },
  work: (scope: StaffCommandScope) => Promise<T>,
): Promise<T> {
  return withOwnerDatabase(io, async (owner, config) => {
    const tenant = await tenantWithSlug(owner, slug);
    // The operator, a person without an account here: what the audit log records as the actor.
    const context: ServiceContext = { tenant, actor: { kind: 'operator' }, requestId: `cli-${job}-${randomUUID()}` };
    return work({ deps: { db: owner, clock: systemClock }, context, config });
  });
}

/** The member of staff with the e-mail at the scope's tenant; an unknown one is the operator's error. */
export async function memberWithEmail({ deps, context }: StaffCommandScope, email: string): Promise<StaffMember> {
  const member = await staffMemberWithEmail(deps, context, email);
  if (!member) throw new CliError(`no member of staff with the e-mail ${email} at "${context.tenant.slug}"`);
  return member;
}

/** How a member of staff is named in the commands' output. */
export const describeMember = (member: Pick<StaffMember, 'email' | 'name'>): string =>
  member.name ? `${member.name} <${member.email}>` : member.email;

/** Said when a change leaves the tenant with no active manager (the operator may do that; staff may not). */
export function noManagerWarning(slug: string): string {
  return `Note: "${slug}" has no active manager now; invite one with staff:create --role manager.`;
}
