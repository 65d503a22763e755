// The operator CLI in-process: picks the command, parses its options, runs it, and turns
// every outcome into a message and an exit code. src/cli/okienko.ts is a thin wrapper, and
// tests call runCli() directly with their own writers and environment.
import { ConfigError } from '../../config.ts';
import { EmbeddedServerError } from '../../platform/db/embedded.ts';
import { ALL_COMMANDS } from './all-commands.ts';
import { CliError, UsageError, type CliIo, type Command } from './command.ts';
import { commandHelp, globalHelp } from './help.ts';
import { parseOptions } from './parse-options.ts';

const wantsHelp = (args: string[]): boolean => args.includes('--help') || args.includes('-h');

function fail(io: CliIo, prefix: string, message: string, usage: string | undefined, exitCode: number): number {
  io.stderr.write(`${prefix}: ${message}\n`);
  if (usage) io.stderr.write(`\n${usage}`);
  return exitCode;
}

function report(error: unknown, command: Command, io: CliIo): number {
  const prefix = `okienko ${command.name}`;
  if (error instanceof UsageError) return fail(io, prefix, error.message, commandHelp(command), error.exitCode);
  if (error instanceof CliError) return fail(io, prefix, error.message, undefined, error.exitCode);
  if (error instanceof ConfigError || error instanceof EmbeddedServerError) {
    return fail(io, prefix, error.message, undefined, 1);
  }
  // Unexpected (the database is down, a bug): the message, and the stack for whoever debugs it.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return fail(io, prefix, `failed: ${detail}`, undefined, 1);
}

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = ALL_COMMANDS,
): Promise<number> {
  const [name, ...args] = argv;
  const find = (wanted: string): Command | undefined => commands.find((command) => command.name === wanted);

  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    io.stdout.write(globalHelp(commands));
    return 0;
  }
  if (name === 'help') {
    const command = find(args[0]!);
    if (!command) return fail(io, 'okienko', `unknown command "${args[0]}"`, globalHelp(commands), 2);
    io.stdout.write(commandHelp(command));
    return 0;
  }
  const command = find(name);
  if (!command) {
    const what = name.startsWith('-')
      ? `unknown option "${name}" (options follow the command)`
      : `unknown command "${name}"`;
    return fail(io, 'okienko', what, globalHelp(commands), 2);
  }
  // Before parsing, so --help works even when required options are missing.
  if (wantsHelp(args)) {
    io.stdout.write(commandHelp(command));
    return 0;
  }

  try {
    const options = parseOptions(command, args);
    await command.run({ options, io, print: (line = '') => io.stdout.write(`${line}\n`) });
    return 0;
  } catch (error) {
    return report(error, command, io);
  }
}
