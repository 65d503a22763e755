// The common-password check runs in a thread of its own: the event loop goes on while a
// password is judged, and a thread that dies is replaced at the next question.
import { afterAll, describe, expect, it } from 'vitest';
import { isCommonPassword, stopCommonPasswords, warmUpCommonPasswords } from './common-password-checker.ts';

afterAll(() => stopCommonPasswords());

describe('the common-password thread', () => {
  it('answers like zxcvbn, while the event loop keeps turning', async () => {
    warmUpCommonPasswords();
    let turned = false;
    const judged = isCommonPassword('Password123!');
    setImmediate(() => {
      turned = true;
    });
    expect(await judged).toBe(true);
    // Judged on this thread, the answer would have been ready before the loop turned once.
    expect(turned).toBe(true);
    expect(await isCommonPassword('kartofel-rower-58')).toBe(false);
  });

  it('fails the questions a dying thread leaves open, and starts a new one for the next', async () => {
    const open = isCommonPassword('correcthorsebatterystaple');
    await stopCommonPasswords();
    await expect(open).rejects.toThrow(/exited/);
    expect(await isCommonPassword('qwertyuiop12')).toBe(true);
  });
});
