// What an operator command is. A command declares its options once; the same declaration
// drives parsing (node:util parseArgs), the typed values its run() receives, and its --help.
// Adding a command: a file in this folder exporting defineCommand({...}), plus one line in
// all-commands.ts.

/** Where a command writes: process.stdout/stderr in the real CLI, a buffer in tests. */
export interface Writer {
  write(text: string): unknown;
}

export interface CliIo {
  /** The environment loadConfig() reads; process.env in the real CLI. */
  env: NodeJS.ProcessEnv;
  stdout: Writer;
  stderr: Writer;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once; the values arrive as an array (empty when absent). */
  multiple?: boolean;
  short?: string;
  /** Missing required options are a usage error (exit 2) before anything connects. */
  required?: boolean;
  /** The placeholder shown in --help, e.g. "<slug>". */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['multiple'] extends true
    ? string[]
    : S['required'] extends true
      ? string
      : string | undefined;

export type OptionValues<O extends OptionSpecs> = { [K in keyof O]: ValueOf<O[K]> };

export interface CommandContext<O extends OptionSpecs> {
  options: OptionValues<O>;
  io: CliIo;
  /** Writes one line to stdout. */
  print(line?: string): void;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** As typed after `npm run okienko --`, e.g. "tenant:create". */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs (may span lines) shown by --help between the summary and the options. */
  details?: string[];
  options: O;
  examples?: string[];
  // A method (not a property) so a Command<specific options> fits in the Command[] list.
  run(context: CommandContext<O>): Promise<void>;
}

/** Identity at run time; it lets TypeScript infer the option values run() receives. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** A failure the operator can act on; its message is printed without a stack trace. */
export class CliError extends Error {
  exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong (unknown option, missing value): exit 2 and the usage. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** Values that fail validation, one line per problem, each naming the option; nothing was written. */
export class InvalidValuesError extends CliError {
  problems: string[];

  constructor(problems: string[]) {
    super(`invalid values; nothing was written:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, 1);
    this.name = 'InvalidValuesError';
    this.problems = problems;
  }
}
