// Turns a command's arguments into the typed values its declaration promises, or a
// UsageError naming what is wrong. Strict: unknown options, positional arguments and a
// single-valued option given twice are refused rather than guessed at.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError, type Command, type OptionSpecs, type OptionValues } from './command.ts';

/** parseArgs' own messages carry advice about `--` that does not fit here; keep the first sentence. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end);
}

function strictParse(args: string[], options: ParseArgsOptionsConfig) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(firstSentence((error as Error).message));
    throw error;
  }
}

export function parseOptions<O extends OptionSpecs>(command: Command<O>, args: string[]): OptionValues<O> {
  const config: ParseArgsOptionsConfig = {};
  for (const [name, spec] of Object.entries(command.options)) {
    config[name] = { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short ? { short: spec.short } : {}) };
  }
  const parsed = strictParse(args, config);

  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || command.options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }

  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(command.options)) {
    const value = parsed.values[name];
    if (spec.multiple) values[name] = value ?? [];
    else if (spec.type === 'boolean') values[name] = value ?? false;
    else values[name] = value;
    if (spec.required && (value === undefined || value === '')) missing.push(`--${name}`);
  }
  if (missing.length > 0) throw new UsageError(`missing required ${missing.join(', ')}`);
  return values as OptionValues<O>;
}
