// The hashing threads' priority: on Linux a hasher given a nice value runs libuv's pool at it
// from its first hash on, optionally in the idle scheduling class, and the event loop's own
// thread keeps its priority.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher, type LoweredThreads } from './password-hash.ts';
import { idleThreadPool, threadPoolIds } from './thread-priority.ts';

/** A thread's /proc stat fields after "pid (name) ": nice is [16], the scheduling policy [38]. */
function threadStat(tid: number): string[] {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
const threadNice = (tid: number): number => Number(threadStat(tid)[16]);

/** SCHED_OTHER, the normal class, and SCHED_IDLE (linux/sched.h). */
const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

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

  it('moves the pool threads to the idle class, and only them, and says so once', () => {
    // In a process of its own: an idle-class pool would slow this test process's file reads
    // whenever the other test workers keep the cores busy.
    const module = (file: string) => JSON.stringify(new URL(file, import.meta.url).href);
    const script = `
      import { readFileSync } from 'node:fs';
      import { createPasswordHasher } from ${module('./password-hash.ts')};
      import { threadPoolIds } from ${module('./thread-priority.ts')};
      const policy = (tid) => {
        const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
      };
      const told = [];
      const lowered = new Promise((resolve) => {
        const hasher = createPasswordHasher({
          concurrency: 1, nice: 19, idle: true, onLowered: (threads) => { told.push(threads); resolve(hasher); },
        });
        void hasher.hashPassword('Correct-Horse-7');
      });
      const hasher = await lowered;
      const ok = (await hasher.verifyPassword(await hasher.hashPassword('Correct-Horse-7'), 'Correct-Horse-7')).ok;
      const pool = threadPoolIds();
      console.log(JSON.stringify({ pool, told, ok, policies: pool.map(policy), mainPolicy: policy(process.pid) }));
    `;
    const report = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as { pool: number[]; told: LoweredThreads[]; ok: boolean; policies: number[]; mainPolicy: number };
    expect(report.ok).toBe(true);
    expect(report.pool.length).toBeGreaterThan(0);
    expect(report.told).toEqual([{ nice: 19, niced: report.pool.length, idle: report.pool.length }]);
    expect(report.policies).toEqual(report.pool.map(() => SCHED_IDLE));
    expect(report.mainPolicy).toBe(SCHED_OTHER);
  });

  it('leaves the threads as they are where chrt cannot run', async () => {
    await createPasswordHasher({ concurrency: 1 }).hashPassword('Correct-Horse-7');
    const pool = threadPoolIds();
    const policiesBefore = pool.map((tid) => threadStat(tid)[38]);
    const missing = async () => {
      throw Object.assign(new Error('spawn chrt ENOENT'), { code: 'ENOENT' });
    };
    expect(await idleThreadPool(missing)).toBe(0);
    expect(pool.map((tid) => threadStat(tid)[38])).toEqual(policiesBefore);
  });
});
