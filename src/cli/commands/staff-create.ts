// staff:create: invites a member of staff and prints their one-time invitation link, which the
// operator hands over (no mail is sent: the first manager of a tenant has nobody else to ask).
import { STAFF_LINK_LIFETIME_MS, STAFF_ROLES, createStaff, invitationLink } from '../../features/staff/index.ts';
import type { StaffRole } from '../../features/staff/index.ts';
import { CliError, defineCommand, InvalidValuesError } from './command.ts';
import { atTenant, describeMember, emailProblems, TENANT_OPTION } from './staff-command.ts';

const DAY_MS = 24 * 60 * 60_000;

export const staffCreate = defineCommand({
  name: 'staff:create',
  summary: 'Invite a member of staff and print their one-time invitation link',
  details: [
    'The link sets their password; TOTP is enrolled at their first sign-in. It is printed once',
    `and works for ${STAFF_LINK_LIFETIME_MS.invitation / DAY_MS} days; a lost one is replaced by staff:reset-totp --password-link.`,
  ],
  options: {
    ...TENANT_OPTION,
    email: { type: 'string', required: true, value: '<email>', description: 'Their e-mail, unique at the tenant' },
    role: { type: 'string', required: true, value: '<role>', description: `One of ${STAFF_ROLES.join(', ')}` },
    name: { type: 'string', value: '<text>', description: 'Their full name, 1-100 characters' },
  },
  examples: [
    'npm run okienko -- staff:create --tenant mosir-zielonka --email kierownik@mosir.example.pl --role manager \\',
    '  --name "Barbara Wiśniewska"',
  ],

  async run({ options, io, print }) {
    const problems = emailProblems(options.email);
    if (!STAFF_ROLES.includes(options.role as StaffRole)) problems.push(`--role: one of ${STAFF_ROLES.join(', ')}`);
    const name = options.name?.trim();
    if (name !== undefined && !/^[^\r\n]{1,100}$/u.test(name)) problems.push('--name: one line of 1-100 characters');
    if (problems.length > 0) throw new InvalidValuesError(problems);
    const { email } = options;

    await atTenant(io, { slug: options.tenant, job: 'staff:create' }, async ({ deps, context, config }) => {
      const outcome = await createStaff(deps, context, { email, name, role: options.role as StaffRole });
      if (outcome.kind === 'emailTaken') throw new CliError(`${email} is already on the staff of "${options.tenant}"`);
      if (outcome.kind !== 'created') throw new CliError(`refused: ${outcome.kind}`);
      print(`Invited ${describeMember(outcome.staff)} as ${outcome.staff.role} at "${options.tenant}".`);
      print(`Invitation link (shown only now; valid ${STAFF_LINK_LIFETIME_MS.invitation / DAY_MS} days):`);
      print(`  ${invitationLink(config.publicUrl, context.tenant, outcome.invitationToken)}`);
    });
  },
});
