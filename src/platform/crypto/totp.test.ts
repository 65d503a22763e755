import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpAt, totpStep, totpUri, verifyTotp } from './totp.ts';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

// RFC 4226's HOTP written from the RFC with node:crypto, apart from otpauth, so the vectors
// check the reference and the reference checks totp.ts at any length.
function referenceHotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...text].map((char) => alphabet.indexOf(char).toString(2).padStart(5, '0')).join('');
  return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
}

const at = (seconds: number): Date => new Date(seconds * 1000);
const STEP = 30;

describe('TOTP codes (RFC 6238, SHA-1, 30 s)', () => {
  it('match the RFC test vectors: the 6-digit code is the 8-digit value’s last six digits', () => {
    const key = base32Decode(RFC_SECRET);
    expect(key.toString('ascii')).toBe('12345678901234567890');
    for (const [seconds, eightDigits] of RFC_VECTORS) {
      expect(referenceHotp(key, Math.floor(seconds / STEP), 8)).toBe(eightDigits);
      expect(totpAt(RFC_SECRET, at(seconds))).toBe(eightDigits.slice(-6));
    }
  });

  it('counts steps of 30 seconds from the epoch', () => {
    expect(totpStep(at(0))).toBe(0);
    expect(totpStep(at(29.999))).toBe(0);
    expect(totpStep(at(30))).toBe(1);
    expect(totpStep(at(59))).toBe(1);
    expect(totpStep(at(1111111111))).toBe(37037037);
  });

  it('agrees with the reference for any secret and instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 33 }), (seconds) => {
        const secret = newTotpSecret();
        const expected = referenceHotp(base32Decode(secret), Math.floor(seconds / STEP), 6);
        expect(totpAt(secret, at(seconds))).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('new TOTP secrets', () => {
  it('are 20 random bytes in base32 without padding', () => {
    const secrets = Array.from({ length: 50 }, newTotpSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Decode(secret)).toHaveLength(20);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});

describe('the otpauth URI', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('names the issuer and account and states the algorithm, digits and period', () => {
    const uri = totpUri({ issuer: 'Okienko', account: 'anna@example.test', secret });
    expect(uri).toBe(
      'otpauth://totp/Okienko:anna%40example.test?issuer=Okienko&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' +
        '&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('escapes names with spaces, quotes, colons, ampersands and Polish letters', () => {
    const issuer = 'SM „Zgoda” & Syn: Łódź #1?';
    const account = 'zofia+staff@przykład.test';
    const uri = totpUri({ issuer, account, secret });
    // Nothing a URI reserves appears unescaped, but the one colon between issuer and account.
    expect(uri).toMatch(/^otpauth:\/\/totp\/[A-Za-z0-9%._~*'()!-]+:[A-Za-z0-9%._~*'()!-]+\?[A-Za-z0-9%._~*'()!=&-]+$/);
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(`${issuer}:${account}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      issuer,
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('verifying a typed code', () => {
  // Fixed secrets and instants, so that which codes differ is known, not left to chance.
  const secret = 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ';
  const otherSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  // Mid-step, so that ±1 step is plainly a step away from a boundary.
  const now = at(1_800_000_015);
  const t = totpStep(now);
  const codeAt = (stepOffset: number): string => totpAt(secret, at(1_800_000_015 + stepOffset * STEP));

  it('accepts the codes of the previous, current and next step, and says which step', () => {
    expect(verifyTotp(secret, codeAt(-1), now, null)).toEqual({ ok: true, step: t - 1 });
    expect(verifyTotp(secret, codeAt(0), now, null)).toEqual({ ok: true, step: t });
    expect(verifyTotp(secret, codeAt(1), now, null)).toEqual({ ok: true, step: t + 1 });
  });

  it('refuses the codes of two steps away and a wrong code', () => {
    const inWindow = [codeAt(-1), codeAt(0), codeAt(1)];
    const wrong = String((Number(codeAt(0)) + 1) % 1_000_000).padStart(6, '0');
    // The fixture's codes outside the window differ from those in it (as all but one in ~100,000 would).
    expect(inWindow).not.toContain(codeAt(-2));
    expect(inWindow).not.toContain(codeAt(2));
    expect(inWindow).not.toContain(wrong);
    expect(verifyTotp(secret, codeAt(-2), now, null)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(secret, codeAt(2), now, null)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(secret, wrong, now, null)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(otherSecret, codeAt(0), now, null)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code of a step already used, and of any earlier step', () => {
    expect(verifyTotp(secret, codeAt(0), now, t)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(-1), now, t)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(-1), now, t - 1)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(0), now, t + 1)).toEqual({ ok: false, reason: 'replayed' });
    // A later step is still fresh.
    expect(verifyTotp(secret, codeAt(1), now, t)).toEqual({ ok: true, step: t + 1 });
    expect(verifyTotp(secret, codeAt(0), now, t - 1)).toEqual({ ok: true, step: t });
  });

  it('accepts a code once as the caller records each accepted step', () => {
    let lastUsedStep: number | null = null;
    const first = verifyTotp(secret, codeAt(0), now, lastUsedStep);
    expect(first.ok).toBe(true);
    if (first.ok) lastUsedStep = first.step;
    expect(verifyTotp(secret, codeAt(0), at(1_800_000_029), lastUsedStep)).toEqual({ ok: false, reason: 'replayed' });
    // The next step's code, typed 30 s later, goes through.
    expect(verifyTotp(secret, codeAt(1), at(1_800_000_045), lastUsedStep)).toEqual({ ok: true, step: t + 1 });
  });

  it('takes the earliest unused step when two steps in the window share the code', () => {
    // Found by search: under the RFC secret, steps 56295193 and 56295195 both show 769717.
    const [early, late] = [56295193, 56295195];
    expect([totpAt(RFC_SECRET, at(early * STEP)), totpAt(RFC_SECRET, at(late * STEP))]).toEqual(['769717', '769717']);
    const between = at((early + 1) * STEP + 15);
    expect(verifyTotp(RFC_SECRET, '769717', between, null)).toEqual({ ok: true, step: early });
    expect(verifyTotp(RFC_SECRET, '769717', between, early)).toEqual({ ok: true, step: late });
    expect(verifyTotp(RFC_SECRET, '769717', between, late)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('ignores spaces in the typed code', () => {
    const code = codeAt(0);
    for (const typed of [
      `${code.slice(0, 3)} ${code.slice(3)}`,
      ` ${code} `,
      `${code.slice(0, 3)}\u00a0${code.slice(3)}`,
    ]) {
      expect(verifyTotp(secret, typed, now, null)).toEqual({ ok: true, step: t });
    }
  });

  it('refuses what is not six digits as malformed', () => {
    const code = codeAt(0);
    for (const typed of [
      '',
      '   ',
      code.slice(0, 5),
      `${code}0`,
      `${code.slice(0, 5)}a`,
      `${code.slice(0, 3)}-${code.slice(3)}`,
      '١٢٣٤٥٦', // Arabic-Indic digits
      '１２３４５６', // full-width digits
      `+${code.slice(1)}`,
      `${' '.repeat(40)}${code}`,
      '9'.repeat(1000),
    ]) {
      expect(verifyTotp(secret, typed, now, null), typed).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
