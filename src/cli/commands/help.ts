// The --help texts, generated from the commands' declarations so they cannot drift apart.
import type { Command } from './command.ts';

export const INVOCATION = 'npm run okienko --';

const EXIT_CODES = 'Exit codes: 0 done; 1 invalid values or a failure (nothing written); 2 unknown command or option.';

function columns(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

export function globalHelp(commands: readonly Command[]): string {
  return [
    'Okienko operator commands, run as the database owner against the configured database',
    '(DATABASE_OWNER_URL with DATABASE_URL and DATABASE_WORKER_URL; a superuser DATABASE_URL outside',
    'production; when nothing is set, the embedded server of DATA_DIR: the one a running npm start',
    'uses, or else one started for the command).',
    '',
    'Usage:',
    `  ${INVOCATION} <command> [options]`,
    `  ${INVOCATION} <command> --help`,
    `  ${INVOCATION} help <command>`,
    '',
    'Commands:',
    ...columns(commands.map((command) => [command.name, command.summary])),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

export function usageLine(command: Command): string {
  const required = Object.entries(command.options)
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => `--${name} ${spec.value ?? '<value>'}`);
  const hasOptional = Object.values(command.options).some((spec) => !spec.required);
  return `Usage: ${INVOCATION} ${[command.name, ...required, ...(hasOptional ? ['[options]'] : [])].join(' ')}`;
}

export function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([name, spec]): [string, string] => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''}`;
    const notes = [spec.required ? 'required' : '', spec.multiple ? 'repeatable' : ''].filter(Boolean);
    return [flag, `${spec.description}${notes.length ? ` (${notes.join(', ')})` : ''}`];
  });
  rows.push(['-h, --help', 'Show this help']);
  return [
    usageLine(command),
    '',
    command.summary,
    ...(command.details ?? []).flatMap((paragraph) => ['', paragraph]),
    '',
    'Options:',
    ...columns(rows),
    ...(command.examples?.length ? ['', 'Examples:', ...command.examples.map((example) => `  ${example}`)] : []),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}
