// --setting key=value for tenant settings. Keys are dotted paths into the settings schema
// (session.idleMinutes=20); values are JSON when they parse as JSON (20, false, "x", {...})
// and plain strings otherwise (nist). Keys the schema does not know are refused: zod would
// silently drop them, and the operator would believe a setting took effect.
import type { z } from 'zod';
import { TENANT_SETTINGS } from '../../features/index.ts';
import { UsageError } from './command.ts';

export interface SettingAssignment {
  path: string[];
  value: unknown;
}

type Shape = Record<string, z.core.$ZodType>;

/** The object shape under default/prefault/optional wrappers, or undefined for a leaf. */
function objectShape(schema: z.core.$ZodType): Shape | undefined {
  let current = schema;
  while ('innerType' in current._zod.def) current = current._zod.def.innerType as z.core.$ZodType;
  return current._zod.def.type === 'object' ? (current._zod.def as z.core.$ZodObjectDef).shape : undefined;
}

/** Every leaf setting as a dotted path, for --help and for "unknown setting" messages. */
export function settingPaths(shape: Shape = TENANT_SETTINGS.shape, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const nested = objectShape(schema);
    return nested ? settingPaths(nested, `${prefix}${key}.`) : [`${prefix}${key}`];
  });
}

/** Each known setting's path with its default (undefined where the schema has none). */
export function settingDefaults(): Map<string, unknown> {
  const defaults: unknown = TENANT_SETTINGS.parse({});
  const valueAt = (path: string): unknown =>
    path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], defaults);
  return new Map(settingPaths().map((path) => [path, valueAt(path)]));
}

export function parseSettingAssignment(text: string): SettingAssignment {
  const equals = text.indexOf('=');
  const key = equals === -1 ? '' : text.slice(0, equals).trim();
  if (!key || key.split('.').some((part) => part === '')) {
    throw new UsageError(`--setting "${text}" must look like key=value (e.g. session.idleMinutes=20)`);
  }
  const raw = text.slice(equals + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path: key.split('.'), value };
}

/** Problems with keys, naming each unknown one; an object value is checked key by key too. */
export function unknownSettingKeys(assignment: SettingAssignment): string[] {
  const problems: string[] = [];
  const check = (shape: Shape | undefined, path: string[], value: unknown, depth: number): void => {
    if (depth < path.length) {
      const key = path[depth]!;
      const schema = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (!schema) {
        problems.push(`--setting ${path.join('.')}: unknown setting "${path.slice(0, depth + 1).join('.')}"`);
        return;
      }
      const nested = objectShape(schema);
      if (depth + 1 < path.length && !nested) {
        problems.push(
          `--setting ${path.join('.')}: "${path.slice(0, depth + 1).join('.')}" is a single setting, not a group`,
        );
        return;
      }
      check(nested, path, value, depth + 1);
      return;
    }
    // The whole object of a group given as JSON, e.g. session={"idleMinutes":20}.
    if (shape && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) check(shape, [...path, key], inner, depth);
    }
  };
  check(TENANT_SETTINGS.shape, assignment.path, assignment.value, 0);
  return problems;
}

/** A copy of the settings with the assignments applied; missing groups are created. */
export function applySettingAssignments(
  settings: Record<string, unknown>,
  assignments: readonly SettingAssignment[],
): Record<string, unknown> {
  const result = structuredClone(settings);
  for (const { path, value } of assignments) {
    let target: Record<string, unknown> = result;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = target[key] = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : {};
    }
    target[path.at(-1)!] = value;
  }
  return result;
}
