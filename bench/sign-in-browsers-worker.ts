// The worker thread of bench/sign-in-browsers.ts: lowers its own priority, then runs each
// sign-in load it is sent and posts the result.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { BROWSERS_NICE } from './sign-in-browsers.ts';
import { signInLoad, type SignInLoad } from './sign-ins.ts';
import { staffSignInLoad, type StaffSignInLoad } from './staff-sign-ins.ts';

// On Linux a nice value belongs to a thread, and 0 names the calling one: this thread only.
// Elsewhere it would lower the whole bench, the paced load's timing included, so it is left.
if (process.platform === 'linux') {
  try {
    setPriority(0, BROWSERS_NICE);
  } catch {
    // Refused: the browsers keep the bench's priority.
  }
}
parentPort!.on('message', (load: SignInLoad | StaffSignInLoad) => {
  void (load.kind === 'staff' ? staffSignInLoad(load) : signInLoad(load)).then((run) => parentPort!.postMessage(run));
});
