// staff:disable: a member of staff can no longer sign in; their sessions end at once, in every
// process, and their unused links stop working. The operator may disable a tenant's last
// manager (a person who has left, an account taken over); the command says so when it does.
import { disableStaff } from '../../features/staff/index.ts';
import { CliError, defineCommand } from './command.ts';
import {
  atTenant,
  checkedEmail,
  describeMember,
  memberWithEmail,
  noManagerWarning,
  STAFF_EMAIL_OPTION,
  TENANT_OPTION,
} from './staff-command.ts';

export const staffDisable = defineCommand({
  name: 'staff:disable',
  summary: 'Disable a member of staff and end their sessions',
  options: { ...TENANT_OPTION, ...STAFF_EMAIL_OPTION },
  examples: ['npm run okienko -- staff:disable --tenant mosir-zielonka --email okienko@mosir.example.pl'],

  async run({ options, io, print }) {
    const email = checkedEmail(options.email);
    await atTenant(io, { slug: options.tenant, job: 'staff:disable' }, async (scope) => {
      const member = await memberWithEmail(scope, email);
      const outcome = await disableStaff(scope.deps, scope.context, { staffId: member.id });
      if (outcome.kind === 'alreadyDisabled') throw new CliError(`${email} is already disabled`);
      if (outcome.kind !== 'disabled') throw new CliError(`refused: ${outcome.kind}`);
      print(`Disabled ${describeMember(member)} at "${options.tenant}"; ${outcome.sessionsEnded} session(s) ended.`);
      if (outcome.activeManagers === 0) print(noManagerWarning(options.tenant));
    });
  },
});
