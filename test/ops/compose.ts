// Reading the operators' files as docker-compose and Docker would: the compose file with its
// anchors and ${…} interpolation from an .env file, and the Dockerfile's stages; and, where
// docker-compose is installed, what it makes of several files together.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const readRepoFile = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

export interface ComposeService {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  profiles?: string[];
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** KEY=VALUE lines of an .env file; comments and blank lines skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g, (whole, name, colon, op, arg, bare) => {
    if (whole === '$$') return '$';
    if (bare) return env[bare] ?? '';
    const value = env[name];
    const missing = colon ? !value : value === undefined;
    if (op === '?' && missing) throw new Error(`compose: ${name}: ${arg}`);
    if (op === '-' && missing) return arg;
    return value ?? '';
  });
}

function interpolateTree(node: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env)]));
  }
  return node;
}

/** The raw compose file (anchors and merge keys resolved, nothing interpolated). */
export function rawCompose(): ComposeFile {
  return parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

export function loadCompose(env: Record<string, string | undefined>): ComposeFile {
  return interpolateTree(rawCompose(), env) as ComposeFile;
}

/** Every variable the compose file requires with ${VAR:?…}. */
export function requiredComposeVariables(): string[] {
  const names = [...readRepoFile('docker-compose.yml').matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]!);
  return [...new Set(names)];
}

export interface DockerStage {
  from: string;
  name?: string;
  instructions: { keyword: string; args: string }[];
}

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
export function dockerStages(): DockerStage[] {
  const lines = readRepoFile('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [from = '', as, name] = rest;
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** The final stage's ENV as a map (ENV A=1 B=2 form). */
export function dockerEnv(stage: DockerStage): Record<string, string> {
  const pairs = stage.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => [...i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
  return Object.fromEntries(pairs);
}

/** Every variable a compose file requires with ${VAR:?…}. */
export function requiredVariablesOf(file: string): string[] {
  return [...new Set([...readRepoFile(file).matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]!))];
}

/**
 * `docker-compose -f … config` on the given files with an .env of the given values: the merged
 * configuration as docker-compose itself resolves it (overrides merged, variables filled in),
 * or `missing` when docker-compose is not installed.
 */
export function dockerComposeConfig(
  files: string[],
  env: Record<string, string>,
): { status: 'missing' } | { status: 'failed'; stderr: string } | { status: 'ok'; config: ComposeFile } {
  const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (probe.error) return { status: 'missing' };
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-compose-'));
  try {
    writeFileSync(
      path.join(dir, '.env'),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const result = spawnSync(
      'docker-compose',
      [
        '--project-directory',
        repoRoot,
        '--env-file',
        path.join(dir, '.env'),
        ...files.flatMap((file) => ['-f', file]),
        'config',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (result.status !== 0) return { status: 'failed', stderr: result.stderr };
    return { status: 'ok', config: parse(result.stdout) as ComposeFile };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
