// Asks the thread of common-passwords.worker.ts whether a password is common. One thread per
// process, started at the first question (or by warmUpCommonPasswords at start-up, so the first
// visitor to choose a password does not wait the ~0.5 s its dictionaries take to load), and
// started afresh at the next question if it ever dies; questions it leaves unanswered fail.
// The thread never keeps the process alive on its own.
import { Worker } from 'node:worker_threads';
import type { CommonPasswordAnswer, CommonPasswordQuestion } from './common-passwords.worker.ts';

interface Thread {
  worker: Worker;
  waiting: Map<number, { resolve(common: boolean): void; reject(error: Error): void }>;
}

let thread: Thread | undefined;
let lastId = 0;

function startThread(): Thread {
  const worker = new Worker(new URL('./common-passwords.worker.ts', import.meta.url));
  worker.unref();
  const started: Thread = { worker, waiting: new Map() };
  worker.on('message', ({ id, common }: CommonPasswordAnswer) => {
    started.waiting.get(id)?.resolve(common);
    started.waiting.delete(id);
  });
  const died = (error: Error): void => {
    if (thread === started) thread = undefined;
    for (const question of started.waiting.values()) question.reject(error);
    started.waiting.clear();
  };
  worker.on('error', died);
  worker.on('exit', (code) => died(new Error(`the common-password thread exited with code ${code}`)));
  return started;
}

/** Whether zxcvbn finds the (NFC-normalised) password easy to guess (common-passwords.ts). */
export function isCommonPassword(normalised: string): Promise<boolean> {
  thread ??= startThread();
  const { worker, waiting } = thread;
  const id = ++lastId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, password: normalised } satisfies CommonPasswordQuestion);
  });
}

/** Starts the thread now rather than at the first question. */
export function warmUpCommonPasswords(): void {
  thread ??= startThread();
}

/** Ends the thread (tests; a process exits without it). */
export async function stopCommonPasswords(): Promise<void> {
  const ending = thread;
  thread = undefined;
  await ending?.worker.terminate();
}
