// The shared shutdown: parts stop last-started-first, once, and the exit code says whether
// everything stopped cleanly and in time.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.ts';
import { createLifecycle } from '../../src/platform/process/lifecycle.ts';

function setUp(deadlineMs = 5_000) {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const exits: number[] = [];
  const lifecycle = createLifecycle({
    logger: createLogger('info', sink),
    deadlineMs,
    exit: (code) => exits.push(code),
  });
  return { lifecycle, exits, lines };
}

describe('createLifecycle', () => {
  it('stops the parts in the reverse order of registration, once, and exits 0', async () => {
    const { lifecycle, exits } = setUp();
    const stopped: string[] = [];
    for (const name of ['databases', 'jobs', 'http']) {
      lifecycle.add(name, async () => void stopped.push(name));
    }
    expect(lifecycle.isStopping()).toBe(false);
    const first = lifecycle.shutdown('SIGTERM');
    expect(lifecycle.isStopping()).toBe(true);
    const second = lifecycle.shutdown('SIGINT');
    expect(await first).toBe(0);
    expect(await second).toBe(0);
    expect(stopped).toEqual(['http', 'jobs', 'databases']);
    expect(exits).toEqual([0]);
  });

  it('goes on past a part that fails, then exits 1 naming it', async () => {
    const { lifecycle, exits, lines } = setUp();
    const stopped: string[] = [];
    lifecycle.add('databases', async () => void stopped.push('databases'));
    lifecycle.add('jobs', async () => {
      throw new Error('batch lost');
    });
    expect(await lifecycle.shutdown('SIGTERM')).toBe(1);
    expect(stopped).toEqual(['databases']);
    expect(exits).toEqual([1]);
    expect(lines.join('')).toMatch(/"part":"jobs".*"could not stop cleanly"/);
  });

  it('exits 1 at the deadline when a part never stops, naming it', async () => {
    const { lifecycle, exits, lines } = setUp(50);
    lifecycle.add('stuck job', () => new Promise<void>(() => undefined));
    void lifecycle.shutdown('SIGTERM');
    await expect.poll(() => exits, { timeout: 5_000 }).toEqual([1]);
    expect(lines.join('')).toMatch(/"waitingFor":"stuck job".*"shutdown deadline passed; exiting"/);
  });

  it('keeps a start-up failure exit code even when every part stops', async () => {
    const { lifecycle, exits } = setUp();
    lifecycle.add('databases', async () => undefined);
    expect(await lifecycle.shutdown('start-up failed', 1)).toBe(1);
    expect(exits).toEqual([1]);
  });
});
