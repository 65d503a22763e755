// The priority of libuv's worker threads, where argon2 computes. On a small machine a hash
// that runs at the same priority as the event loop takes a core from page rendering (and from
// the garbage collector's helper threads, which then stretch every pause): under sign-ins at
// full rate a signed-in page's p99 grew several-fold in `npm run bench`. A lower priority
// (a higher nice value) gives the CPU to pages first and to hashing whenever pages leave it idle.
//
// Linux only: there a thread's nice value is its own, set through its thread id. Raising the
// nice value needs no privilege; lowering it again would, which is why nothing here does.
// The threads are libuv's shared pool, so file reads and DNS look-ups of this process run at
// the same lower priority: each is short, and none is on a page's path once the app has started.
//
// Below every nice value there is the idle scheduling class (SCHED_IDLE): such a thread runs only
// when no other wants the CPU, a waking thread of any other class takes its core at once, and
// the kernel counts a core running only idle-class threads as free when it places a waking
// thread. At nice 19 a waking event loop could still queue behind another busy thread while
// the hash kept the second core (bench/README.md, "Measurements behind the code", has what
// that did to the page's p90). Node has no call for it, so util-linux's chrt makes it
// (in every Debian-based image, the portal's included); where chrt is missing or refused, the
// threads keep their nice value.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { promisify } from 'node:util';

/** libuv names its pool's threads so (libuv 1.45 and later, Node.js 20 and later). */
const POOL_THREAD_NAME = 'libuv-worker';

/** Thread ids of this process's libuv pool (Linux; empty elsewhere). */
export function threadPoolIds(): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === POOL_THREAD_NAME ? [Number(tid)] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

/**
 * Sets the nice value of every libuv pool thread that exists now; returns how many it set.
 * libuv starts its whole pool at the first piece of work queued, so call it after that.
 */
export function niceThreadPool(nice: number): number {
  let set = 0;
  for (const tid of threadPoolIds()) {
    try {
      setPriority(tid, nice);
      set += 1;
    } catch {
      // The thread ended meanwhile, or the system refused: that thread keeps its priority.
    }
  }
  return set;
}

const execFileAsync = promisify(execFile);

/** Runs a command; rejects if it cannot be started or fails. */
export type RunCommand = (file: string, args: string[]) => Promise<unknown>;

/**
 * Moves every libuv pool thread that exists now to the idle scheduling class; resolves to how
 * many moved. Moving to it needs no privilege (only leaving it would).
 */
export async function idleThreadPool(run: RunCommand = execFileAsync): Promise<number> {
  const moved = await Promise.all(
    threadPoolIds().map((tid) =>
      run('chrt', ['--idle', '--pid', '0', String(tid)]).then(
        () => 1,
        () => 0, // no chrt, refused, or the thread ended meanwhile
      ),
    ),
  );
  return moved.reduce((sum, one) => sum + one, 0);
}
