// docker-compose.citus.yml, the override that puts the stack on Citus (docs/scaling.md), read as
// docker-compose merges it with docker-compose.yml: the coordinator keeps the database's name
// and volume, the workers join before the migrations run, the portal still connects to the
// coordinator alone, and no database node is published.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dockerComposeConfig,
  parseEnvFile,
  readRepoFile,
  repoRoot,
  requiredComposeVariables,
  requiredVariablesOf,
  type ComposeFile,
} from './compose.ts';

const OVERRIDE = 'docker-compose.citus.yml';
const WORKERS = ['citus-worker-1', 'citus-worker-2'];
const NODES = ['postgres', ...WORKERS];

// Values as an operator's .env would hold them (docker-compose only interpolates them here).
const env = Object.fromEntries(
  requiredComposeVariables().map((name) => [
    name,
    name === 'SMTP_URL' ? 'smtp://mailpit:1025' : name === 'DATA_KEY' ? 'A'.repeat(43) + '=' : `${name.toLowerCase()}x`,
  ]),
);

function mergedConfig(): ComposeFile | undefined {
  const result = dockerComposeConfig(['docker-compose.yml', OVERRIDE], env);
  if (result.status === 'missing') {
    // As for docker-compose.yml (stack-files.test.ts): required where CI marks a full run.
    expect(process.env.REQUIRE_E2E, 'docker-compose is not installed (apt-get install docker-compose)').not.toBe('1');
    return undefined;
  }
  expect(result.status === 'failed' ? result.stderr : '').toBe('');
  return result.status === 'ok' ? result.config : undefined;
}

describe('docker-compose.citus.yml', () => {
  it('takes only secrets that docker-compose.yml and deploy/env.example already have', () => {
    const template = parseEnvFile(readRepoFile('deploy/env.example'));
    for (const name of requiredVariablesOf(OVERRIDE)) {
      expect(requiredComposeVariables(), name).toContain(name);
      expect(template[name], `${name} in deploy/env.example`).toBe('');
    }
    expect(existsSync(path.join(repoRoot, 'deploy/citus/setup-cluster.sh'))).toBe(true);
  });

  it('makes the database service the Citus coordinator, keeping its name, volume, roles and health check', () => {
    const config = mergedConfig();
    if (!config) return;
    const postgres = config.services.postgres!;
    // One pinned Citus 13 image on every node: Citus must be the same version everywhere.
    expect(postgres.image).toMatch(/^citusdata\/citus:13\.\d+\.\d+$/);
    for (const name of [...WORKERS, 'citus-setup']) expect(config.services[name]!.image, name).toBe(postgres.image);
    for (const name of NODES) {
      // Citus loaded on a volume made by docker-compose.yml too; shards movable while in use.
      expect(config.services[name]!.command, name).toEqual([
        'postgres',
        '-c',
        'shared_preload_libraries=citus',
        '-c',
        'wal_level=logical',
      ]);
      expect(config.services[name]!.healthcheck?.test, name).toContain('pg_isready');
      expect(config.services[name]!.ports, name).toBeUndefined();
      expect(
        config.services[name]!.volumes!.some((volume) =>
          volume.endsWith(':/docker-entrypoint-initdb.d/10-init-roles.sh:ro'),
        ),
        name,
      ).toBe(true);
    }
    const dataVolumes = NODES.map((name) =>
      config.services[name]!.volumes!.find((volume) => volume.includes(':/var/lib/postgresql/data'))!,
    );
    expect(dataVolumes[0]).toMatch(/^postgres-data:/);
    expect(new Set(dataVolumes).size).toBe(NODES.length);
    for (const name of WORKERS) expect(config.services[name]!.environment!.POSTGRES_DB, name).toBe('okienko');
  });

  it('joins the workers before the migrations run, and leaves web and worker on the coordinator', () => {
    const config = mergedConfig();
    if (!config) return;
    const { services } = config;
    const healthy = { condition: 'service_healthy' };
    expect(services['citus-setup']!.depends_on).toEqual(Object.fromEntries(NODES.map((name) => [name, healthy])));
    expect(services['citus-setup']!.restart).toBe('no');
    expect(services['citus-setup']!.entrypoint).toEqual(['bash', '/scripts/setup-cluster.sh']);
    expect(services['citus-setup']!.environment!.CITUS_COORDINATOR).toBe('postgres');
    expect(`${services['citus-setup']!.environment!.CITUS_WORKERS}`.split(' ')).toEqual(WORKERS);
    expect(services.migrate!.depends_on).toEqual({
      postgres: healthy,
      'citus-setup': { condition: 'service_completed_successfully' },
    });
    for (const name of ['web', 'worker']) {
      expect(services[name]!.depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
      for (const variable of ['DATABASE_URL', 'DATABASE_WORKER_URL']) {
        expect(new URL(`${services[name]!.environment![variable]}`).host, `${name} ${variable}`).toBe('postgres:5432');
      }
    }
    expect(new URL(`${services.migrate!.environment!.DATABASE_OWNER_URL}`).host).toBe('postgres:5432');
  });
});
