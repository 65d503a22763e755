// The sign-in browsers (sign-ins.ts) in a worker thread of their own, at a lower priority
// (nice 10 on Linux). They stand for visitors on other machines, yet here they share the
// portal's two cores: at normal priority their own CPU (about 1.2 ms per sign-in, as much as a
// third of what the sign-ins add beside the page) competed with the page measured beside them,
// in the "beside" runs only. Lowered, they still get the CPU before the portal's hashing thread
// (in the idle class) and so still sign in at full rate, while the page's views and the paced
// load that times them (paced.ts, at normal priority) go first.
import { Worker } from 'node:worker_threads';
import type { SignInLoad, SignInRun } from './sign-ins.ts';
import type { StaffSignInLoad } from './staff-sign-ins.ts';

/** The nice value of the browsers' thread. */
export const BROWSERS_NICE = 10;

export interface SignInBrowsers {
  /** Clients signing in, or (kind 'staff') members of staff. */
  run(load: SignInLoad | StaffSignInLoad): Promise<SignInRun>;
  close(): Promise<void>;
}

export function startSignInBrowsers(): SignInBrowsers {
  const worker = new Worker(new URL('./sign-in-browsers-worker.ts', import.meta.url));
  let pending: { resolve: (run: SignInRun) => void; reject: (error: Error) => void } | undefined;
  const fail = (error: Error): void => {
    pending?.reject(error);
    pending = undefined;
  };
  worker.on('message', (run: SignInRun) => {
    pending?.resolve(run);
    pending = undefined;
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the sign-in browsers' worker exited with ${code}`)));
  return {
    run: (load) =>
      new Promise((resolve, reject) => {
        if (pending) throw new Error('one sign-in load at a time');
        pending = { resolve, reject };
        worker.postMessage(load);
      }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
