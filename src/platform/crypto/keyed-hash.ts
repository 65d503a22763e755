// A keyed hash for values that must be counted or matched without being stored: e-mail
// addresses in rate-limit counters, for one. Keyed (HMAC under a key derived from DATA_KEY for
// the purpose), so whoever reads the counters cannot test guesses against them.
import { createHmac, hkdfSync } from 'node:crypto';

export type KeyedHash = (value: string) => string;

export function createKeyedHash(dataKey: Buffer, purpose: string): KeyedHash {
  const key = Buffer.from(hkdfSync('sha256', dataKey, 'okienko keyed hash', purpose, 32));
  return (value) => createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
