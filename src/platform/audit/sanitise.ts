// What an audit row may keep of a change. The log is read by managers and exported to
// spreadsheets for years, so it holds no secret and no PESEL, whatever a caller hands it:
//
// - Fields that are secrets, or stand in for one, are dropped, at any depth: a password or
//   its hash, a token, a secret, a sealed column (*_sealed, whose key may one day leak) and a
//   blind index (*_index, which confirms a guessed PESEL). The action says that a password
//   changed; the log need not say to what. camelCase names count as their snake_case.
// - Every run of eleven or more digits in a string, a number or a field name is masked: a
//   valid PESEL as the screen shows it (birth date and last two digits, Pesel's own String()),
//   anything else as MASKED_DIGITS. Looking for PESELs by field name would miss one typed into
//   a note or a search box; a run of digits cannot hide. Some numbers that are no PESEL (an
//   account number) are masked too: a lost digit in an audit row is cheaper than a leaked
//   identifier. Any script's decimal digits count, not only ASCII ones.
// The database refuses a row with eleven ASCII digits in a row anyway (its CHECKs), so a
// caller that bypassed this would fail loudly rather than store one.
import { parsePesel } from '../../lib/pesel.ts';

/** What a run of digits that is no valid PESEL becomes. */
export const MASKED_DIGITS = '[digits masked]';

const LONG_DIGIT_RUN = /\p{Nd}{11,}/gu;

/** A string with every run of eleven or more digits masked. */
export function maskDigitRuns(text: string): string {
  return text.replace(LONG_DIGIT_RUN, (run) => {
    const parsed = parsePesel(run);
    return parsed.ok ? String(parsed.pesel) : MASKED_DIGITS;
  });
}

const SECRET_FIELD = /^(password|password_hash|token|secret)$|_(sealed|index)$/;

/** passwordHash → password_hash, so both spellings of a secret's name are recognised. */
const snakeCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(snakeCase(name));
}

/** A JSON value as jsonb stores it. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [field: string]: AuditJson };

function sanitiseValue(value: unknown): AuditJson {
  if (typeof value === 'string') return maskDigitRuns(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    const masked = maskDigitRuns(text);
    return masked !== text ? masked : typeof value === 'number' && Number.isFinite(value) ? value : text;
  }
  if (typeof value === 'boolean' || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(sanitiseValue);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    // A value that says how it is written (a parsed Pesel writes itself masked) is taken so.
    const { toJSON } = value as { toJSON?: () => unknown };
    if (typeof toJSON === 'function') return sanitiseValue(toJSON.call(value));
    return sanitiseFields(value as Record<string, unknown>);
  }
  // A function or a symbol says nothing about a change.
  return null;
}

function sanitiseFields(fields: Readonly<Record<string, unknown>>): { [field: string]: AuditJson } {
  const kept: { [field: string]: AuditJson } = {};
  for (const [name, value] of Object.entries(fields)) {
    if (isSecretField(name)) continue;
    kept[maskDigitRuns(name)] = sanitiseValue(value);
  }
  return kept;
}

/** A change as recorded: each field's value before and after. */
export type AuditChanges = Readonly<Record<string, readonly [before: unknown, after: unknown]>>;

/** The changes as the row keeps them; undefined when nothing is left to keep. */
export function sanitiseChanges(changes: AuditChanges | undefined): { [field: string]: AuditJson } | undefined {
  if (!changes) return undefined;
  const kept = sanitiseFields(changes);
  return Object.keys(kept).length > 0 ? kept : undefined;
}
