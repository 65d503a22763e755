// The second factor of staff sign-in (issue #18): TOTP as RFC 6238 and every authenticator app
// take it by default (HMAC-SHA-1, 30-second steps, 6 digits), so the otpauth:// URI can leave
// nothing to an app's guess. otpauth computes the codes; this module adds what its validate()
// does not do: a step once accepted is never accepted again (the caller stores the step this
// answers and passes it back as lastUsedStep), and the typed code is compared in constant time
// with the code of every step in the window, not only until one matches.
//
// The secret is 20 random bytes (RFC 4226's recommended length, that of a SHA-1 digest) in
// base32 without padding, what apps and `oathtool --totp -b` accept. It is a secret like a
// password that cannot be hashed: the caller seals it (sealed-box.ts) before storing it.
// Counting wrong codes (lockout after five) needs the database and is the caller's too.
import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const SECRET_BYTES = 20;
/** Steps either side of now accepted: one step (30 s) of clock drift on the phone. */
const DRIFT_STEPS = 1;
/** Longer input is no code, however many spaces it holds: it is refused before any work. */
const MAX_TYPED_LENGTH = 32;

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

/** A new secret: 20 random bytes, base32 (RFC 4648, upper case, no padding). */
export const newTotpSecret = (): string => new Secret({ size: SECRET_BYTES }).base32;

/** The time step an instant falls in (RFC 6238's T, with T0 = 0). */
export const totpStep = (now: Date): number => TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() });

const codeAtStep = (secret: Secret, step: number): string =>
  HOTP.generate({ secret, algorithm: 'SHA1', digits: TOTP_DIGITS, counter: step });

/** The code an app shows at `now`; for tests and the demo README, never for checking a code. */
export const totpAt = (secret: string, now: Date): string => codeAtStep(Secret.fromBase32(secret), totpStep(now));

/**
 * The otpauth:// URI an app enrols from (Google's Key URI format): the issuer (the tenant's
 * name) both before the label and as a parameter, as apps differ in which they read, each part
 * percent-encoded, so a ':', '&' or non-ASCII letter in a name cannot break the URI.
 */
export function totpUri({ issuer, account, secret }: { issuer: string; account: string; secret: string }): string {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/**
 * Checks a typed code against the steps from one before `now` to one after. A matching step at
 * or before lastUsedStep is a replay, even inside the window: once a code was accepted, no code
 * from that step or an earlier one is. Spaces in the code are ignored ("123 456"); anything
 * else that is not six digits is malformed, refused without computing a code.
 */
export function verifyTotp(secret: string, code: string, now: Date, lastUsedStep: number | null): TotpCheck {
  if (code.length > MAX_TYPED_LENGTH) return { ok: false, reason: 'malformed' };
  const typed = code.replace(/\s/g, '');
  if (!/^[0-9]+$/.test(typed) || typed.length !== TOTP_DIGITS) return { ok: false, reason: 'malformed' };

  const key = Secret.fromBase32(secret);
  const typedBytes = Buffer.from(typed, 'ascii');
  const current = totpStep(now);
  // Every step is computed and compared, so the time taken does not say which one matched.
  const matching: number[] = [];
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step += 1) {
    if (timingSafeEqual(typedBytes, Buffer.from(codeAtStep(key, step), 'ascii'))) matching.push(step);
  }
  if (matching.length === 0) return { ok: false, reason: 'wrong' };
  // Two steps share a code once in a million; the earliest unused one then leaves the next free.
  const fresh = matching.find((step) => lastUsedStep === null || step > lastUsedStep);
  return fresh === undefined ? { ok: false, reason: 'replayed' } : { ok: true, step: fresh };
}
