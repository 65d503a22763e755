// Baseline for the sign-ins: a bare argon2id verify loop, in a process of its own. CONCURRENCY
// verifications are always in flight (the portal's bound: max(1, cores − 1)), each of HASH (a
// hash made by the portal's hashPassword at its parameters) with the right PASSWORD, for
// SECONDS. One verification first, untimed. Prints {"verified", "ms"}; a false answer fails.
import argon2 from 'argon2';

const env = process.env as Record<string, string>;
const hash = env.HASH!;
const password = env.PASSWORD!;
const concurrency = Number(env.CONCURRENCY);
const seconds = Number(env.SECONDS);
if (!(concurrency >= 1) || !(seconds > 0)) throw new Error('CONCURRENCY and SECONDS must be positive');

const verify = async (): Promise<void> => {
  if (!(await argon2.verify(hash, password))) throw new Error('the bare loop could not verify the password');
};

await verify();
let verified = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
// Each lane starts its next verification as soon as one ends, until the time is up; the ones
// under way at the deadline finish and count, as the sign-ins under way there do.
const lane = async (): Promise<void> => {
  while (performance.now() < deadline) {
    await verify();
    verified += 1;
  }
};
await Promise.all(Array.from({ length: concurrency }, lane));
process.stdout.write(`${JSON.stringify({ verified, ms: performance.now() - started })}\n`);
