// staff:reset-totp: the way back for someone who lost their authenticator, above all a
// tenant's only manager, whom no other manager can help. Their TOTP secret, enrolment and
// recovery codes are cleared and their sessions end; the next sign-in with their password
// enrols a new authenticator. If the password is lost too, --password-link also prints a
// one-time link to set a new one (for someone who never accepted their invitation, a new
// invitation); the old password works until it is used.
import { issuePasswordLink, resetTotp, staffLink, STAFF_LINK_LIFETIME_MS } from '../../features/staff/index.ts';
import { CliError, defineCommand } from './command.ts';
import {
  atTenant,
  checkedEmail,
  describeMember,
  memberWithEmail,
  STAFF_EMAIL_OPTION,
  TENANT_OPTION,
} from './staff-command.ts';

const HOUR_MS = 60 * 60_000;

export const staffResetTotp = defineCommand({
  name: 'staff:reset-totp',
  summary: "Clear a member of staff's TOTP so that their next sign-in enrols again",
  details: [
    'Also clears their recovery codes and ends their sessions. With --password-link it prints a',
    'one-time link to set a new password as well (a new invitation for someone still invited), valid',
    `${STAFF_LINK_LIFETIME_MS.password_reset / HOUR_MS} hours (an invitation ${STAFF_LINK_LIFETIME_MS.invitation / HOUR_MS} hours).`,
  ],
  options: {
    ...TENANT_OPTION,
    ...STAFF_EMAIL_OPTION,
    'password-link': { type: 'boolean', description: 'Also print a link to set a new password' },
  },
  examples: ['npm run okienko -- staff:reset-totp --tenant mosir-zielonka --email kierownik@mosir.example.pl'],

  async run({ options, io, print }) {
    const email = checkedEmail(options.email);
    await atTenant(io, { slug: options.tenant, job: 'staff:reset-totp' }, async (scope) => {
      const member = await memberWithEmail(scope, email);
      if (member.status === 'disabled') throw new CliError(`${email} is disabled; nothing was changed`);
      const outcome = await resetTotp(scope.deps, scope.context, { staffId: member.id });
      if (outcome.kind !== 'reset') throw new CliError(`refused: ${outcome.kind}`);
      print(
        `TOTP cleared for ${describeMember(member)} at "${options.tenant}"; ${outcome.sessionsEnded} session(s) ended.`,
      );
      print('Their next sign-in with their password enrols a new authenticator.');
      if (!options['password-link']) return;
      const link = await issuePasswordLink(scope.deps, scope.context, { staffId: member.id });
      if (link.kind !== 'issued') throw new CliError(`no password link: ${link.kind}`);
      const what = link.purpose === 'invitation' ? 'New invitation link' : 'Password link';
      print(`${what} (shown only now; valid ${STAFF_LINK_LIFETIME_MS[link.purpose] / HOUR_MS} hours):`);
      print(`  ${staffLink(scope.config.publicUrl, scope.context.tenant, link.purpose, link.token)}`);
    });
  },
});
