// The hashing threads' priority: on Linux a hasher given a nice value runs libuv's pool at it
// from its first hash on, and the event loop's own thread keeps its priority.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hash.ts';
import { threadPoolIds } from './thread-priority.ts';

/** A thread's nice value: /proc/self/task/<tid>/stat is "pid (name) state …", nice the 19th field. */
function threadNice(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('hashing thread priority', () => {
  it('lowers the pool threads to the nice value at the first hash, and leaves the main thread as it was', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, nice: 7 });
    const mainBefore = threadNice(process.pid);
    const hash = await hasher.hashPassword('Correct-Horse-7');
    const pool = threadPoolIds();
    expect(pool.length).toBeGreaterThan(0);
    expect(pool.map(threadNice)).toEqual(pool.map(() => 7));
    expect(threadNice(process.pid)).toBe(mainBefore);
    expect((await hasher.verifyPassword(hash, 'Correct-Horse-7')).ok).toBe(true);
  });
});
