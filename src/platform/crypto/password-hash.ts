// Password hashing (issue #5) and verification (issue #6): argon2id at m=19 MiB, t=2, p=1
// (OWASP's minimum for argon2id). Each hash or verify keeps a libuv thread busy for tens of
// milliseconds, so they go through one small queue, by default one slot fewer than the CPU
// cores: a burst of sign-ins waits its turn instead of taking every core from page rendering.
//
// The password is NFC-normalised (as password-policy.ts checks it) and otherwise used exactly
// as given: no trimming, no truncation, so 'secret ' and 'secret' are different passwords.
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { passwordHashVerifications } from '../metrics/registry.ts';
import { idleThreadPool, niceThreadPool } from './thread-priority.ts';

export const PASSWORD_HASH_PARAMS = Object.freeze({
  type: argon2.argon2id,
  memoryCost: 19_456, // KiB = 19 MiB
  timeCost: 2,
  parallelism: 1,
});

/** PHC prefix of a hash made with the current algorithm and version. */
const CURRENT_PREFIX = '$argon2id$v=19$';

/**
 * Longer input is never hashed: the policy allows 128 code points (at most 512 bytes), so
 * anything past this is not a password anyone set, and is not worth a thread's time.
 */
export const MAX_PASSWORD_BYTES = 1024;

/**
 * A hash of a random password nobody knows, made with PASSWORD_HASH_PARAMS (the tests check
 * that it still matches them). Verifying against it costs what a real verification costs.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$Cr2EsmJgH3xaqyH7Qq0Xgg$/qliNY/OsxFSuUYqIcAeVRc8ZFLAW9rQm3f7DHBWfSE';

export interface VerifyResult {
  ok: boolean;
  /** The password was right and the stored hash uses other parameters: store a new hash. */
  needsRehash: boolean;
}

/** The argon2 calls, injectable so tests can watch how many run at once. */
export interface Argon2Engine {
  hash(password: string, options: typeof PASSWORD_HASH_PARAMS): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  needsRehash(hash: string, options: typeof PASSWORD_HASH_PARAMS): boolean;
}

const realArgon2: Argon2Engine = {
  hash: (password, options) => argon2.hash(password, options),
  verify: (hash, password) => argon2.verify(hash, password),
  needsRehash: (hash, options) => argon2.needsRehash(hash, options),
};

/** Slots for concurrent work; the rest wait in arrival order. */
export class Semaphore {
  readonly limit: number;
  #active = 0;
  #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active < this.limit) this.#active += 1;
    // The slot is handed over by release(), so #active stays counted while it passes.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}

export const defaultPasswordHashConcurrency = (): number => Math.max(1, availableParallelism() - 1);

export interface PasswordHasherOptions {
  /** Hashes and verifications computed at once; default max(1, CPU cores − 1). */
  concurrency?: number;
  /**
   * The nice value the hashing threads (libuv's pool) run at, set when the first hash starts
   * (src/platform/crypto/thread-priority.ts); 0 (the default) leaves them as they are.
   */
  nice?: number;
  /** Also move them to the idle scheduling class (Linux, src/platform/crypto/thread-priority.ts). */
  idle?: boolean;
  /** Told, once, how many pool threads got the nice value and how many the idle class. */
  onLowered?: (lowered: LoweredThreads) => void;
  engine?: Argon2Engine;
}

export interface LoweredThreads {
  nice: number;
  niced: number;
  idle: number;
}

export interface PasswordHasher {
  hashPassword(password: string): Promise<string>;
  verifyPassword(hash: string, password: string): Promise<VerifyResult>;
  /** Spends one verification's time and always fails: for a sign-in with an unknown login. */
  verifyAgainstDummy(password: string): Promise<false>;
  readonly queue: Semaphore;
}

// Measured after NFC, the form that is hashed: the policy counts code points after NFC too, so
// a password it accepts (at most 128 code points, at most 512 bytes) is always hashable, however
// it was typed (decomposed Hangul is three times longer before NFC).
const byteLength = (password: string): number => Buffer.byteLength(password.normalize('NFC'), 'utf8');

export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const engine = options.engine ?? realArgon2;
  const queue = new Semaphore(options.concurrency ?? defaultPasswordHashConcurrency());
  let lowered = !options.nice && !options.idle;
  const lowerPriority = async (): Promise<void> => {
    const niced = options.nice ? niceThreadPool(options.nice) : 0;
    const idle = options.idle ? await idleThreadPool() : 0;
    options.onLowered?.({ nice: options.nice ?? 0, niced, idle });
  };
  /** Starts argon2 work; the first start also lowers the pool's priority (the pool exists from then on). */
  const start = <T>(work: () => Promise<T>): Promise<T> =>
    queue.run(() => {
      const started = work();
      if (!lowered) {
        lowered = true;
        void lowerPriority();
      }
      return started;
    });

  const verifyComputed = async (hash: string, password: string): Promise<boolean> => {
    const ok = await start(() => engine.verify(hash, password.normalize('NFC')));
    passwordHashVerifications.inc();
    return ok;
  };

  return {
    queue,
    async hashPassword(password) {
      if (!password.isWellFormed()) throw new TypeError('password is not well-formed Unicode');
      if (byteLength(password) > MAX_PASSWORD_BYTES) throw new RangeError('password too long to hash');
      return start(() => engine.hash(password.normalize('NFC'), PASSWORD_HASH_PARAMS));
    },
    async verifyPassword(hash, password) {
      // Nobody can have set such a password; answering at once reveals nothing about the account.
      if (byteLength(password) > MAX_PASSWORD_BYTES || !password.isWellFormed())
        return { ok: false, needsRehash: false };
      const ok = await verifyComputed(hash, password);
      const needsRehash = ok && (!hash.startsWith(CURRENT_PREFIX) || engine.needsRehash(hash, PASSWORD_HASH_PARAMS));
      return { ok, needsRehash };
    },
    async verifyAgainstDummy(password) {
      await verifyComputed(DUMMY_PASSWORD_HASH, password.slice(0, MAX_PASSWORD_BYTES));
      return false;
    },
  };
}

let shared = createPasswordHasher();

/**
 * Sets how many hashes and verifications the process computes at once (PASSWORD_HASH_CONCURRENCY;
 * unset keeps the default of one fewer than the CPU cores) and the priority they run at
 * (PASSWORD_HASH_NICE, PASSWORD_HASH_IDLE), before it serves anything.
 */
export function configurePasswordHashing(
  options: Required<Pick<PasswordHasherOptions, 'nice' | 'idle'>> &
    Pick<PasswordHasherOptions, 'concurrency' | 'onLowered'>,
): void {
  shared = createPasswordHasher(options);
}

/** argon2id hash (PHC string) of the password, as given apart from NFC normalisation. */
export const hashPassword = (password: string): Promise<string> => shared.hashPassword(password);

/** Whether the password matches the stored hash, and whether the hash should be replaced. */
export const verifyPassword = (hash: string, password: string): Promise<VerifyResult> =>
  shared.verifyPassword(hash, password);

/** One verification's worth of time for a sign-in with an unknown login; always false. */
export const verifyAgainstDummy = (password: string): Promise<false> => shared.verifyAgainstDummy(password);
