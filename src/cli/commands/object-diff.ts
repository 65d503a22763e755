// What an update changed, leaf by leaf, so the operator reads back exactly what happened
// ("settings.session.idleMinutes: 30 → 20") rather than which options were typed.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function flatten(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(prefix, JSON.stringify(value));
  }
  return into;
}

export function describeChanges(before: unknown, after: unknown): string[] {
  const old = flatten(before, '', new Map());
  const now = flatten(after, '', new Map());
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  return paths
    .filter((path) => old.get(path) !== now.get(path))
    .map((path) => `${path}: ${old.get(path) ?? '(none)'} → ${now.get(path) ?? '(none)'}`);
}
