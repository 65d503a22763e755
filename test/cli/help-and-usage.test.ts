// --help and usage errors need no database: they answer before anything connects.
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../src/cli/commands/all-commands.ts';
import { okienko } from './cli-harness.ts';

describe('help', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('lists every command for %j', async (argv) => {
    const result = await okienko(argv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Usage:');
    for (const command of ALL_COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command.name}\\s+\\S`, 'm'));
    expect(result.stdout).toContain('Exit codes:');
  });

  it.each(ALL_COMMANDS.map((command) => command.name))('shows the options of %s three ways', async (name) => {
    const command = ALL_COMMANDS.find((candidate) => candidate.name === name)!;
    const outputs = await Promise.all([okienko(['help', name]), okienko([name, '--help']), okienko([name, '-h'])]);
    for (const result of outputs) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: npm run okienko -- ${name}`);
      for (const option of Object.keys(command.options)) expect(result.stdout).toContain(`--${option}`);
    }
    expect(new Set(outputs.map((result) => result.stdout)).size).toBe(1);
  });

  it('answers --help even when required options are missing or wrong', async () => {
    const result = await okienko(['tenant:create', '--slug', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--dpo-email <email>');
  });

  it('lists the settings and their defaults in tenant:set --help', async () => {
    const { stdout } = await okienko(['tenant:set', '--help']);
    expect(stdout).toMatch(/^ {2}session\.idleMinutes\s+30$/m);
    expect(stdout).toMatch(/^ {2}passwordPolicy\s+"nist"$/m);
  });
});

describe('usage errors', () => {
  it('names an unknown command, shows the command list, exits 2', async () => {
    const result = await okienko(['tenant:frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^okienko: unknown command "tenant:frobnicate"\n/);
    expect(result.stderr).toContain('Commands:');
  });

  it('names an unknown command after help', async () => {
    const result = await okienko(['help', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "nope"');
  });

  it('explains an option given before the command', async () => {
    const result = await okienko(['--json', 'tenant:list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option "--json" (options follow the command)');
  });

  it('refuses positional arguments and a missing option value, with the usage', async () => {
    for (const argv of [
      ['tenant:list', 'extra'],
      ['tenant:set', '--slug'],
    ]) {
      const result = await okienko(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`okienko ${argv[0]}: `);
      expect(result.stderr).toContain(`Usage: npm run okienko -- ${argv[0]}`);
    }
  });

  it('reports a bad configuration as such, without a stack trace', async () => {
    const result = await okienko(['tenant:list'], { NODE_ENV: 'test', DATABASE_OWNER_URL: 'postgres://x@127.0.0.1/x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('give all three');
    expect(result.stderr).not.toContain('    at ');
  });
});
