// staff:list: a tenant's staff, disabled ones too, as a table for people or JSON for scripts.
import { listStaff } from '../../features/staff/index.ts';
import { CliError, defineCommand } from './command.ts';
import { atTenant, TENANT_OPTION } from './staff-command.ts';
import { textTable } from './text-table.ts';

export const staffList = defineCommand({
  name: 'staff:list',
  summary: "List a tenant's staff: e-mail, name, role, status, TOTP",
  options: {
    ...TENANT_OPTION,
    json: { type: 'boolean', description: 'Print a JSON array instead of a table' },
  },
  examples: ['npm run okienko -- staff:list --tenant mosir-zielonka'],

  async run({ options, io, print }) {
    const outcome = await atTenant(io, { slug: options.tenant, job: 'staff:list' }, ({ deps, context }) =>
      listStaff(deps, context),
    );
    if (outcome.kind !== 'listed') throw new CliError(`refused: ${outcome.kind}`);
    if (options.json) {
      print(JSON.stringify(outcome.staff, null, 2));
      return;
    }
    if (outcome.staff.length === 0) {
      print(`No staff at "${options.tenant}" yet; invite someone with staff:create.`);
      return;
    }
    const rows = outcome.staff.map((member) => [
      member.email,
      member.name ?? '-',
      member.role,
      member.status,
      member.totpEnrolled ? 'enrolled' : '-',
      member.createdAt.toISOString().slice(0, 10),
    ]);
    for (const line of textTable(['email', 'name', 'role', 'status', 'totp', 'created'], rows)) print(line);
  },
});
