// The signature schemes of the providers the interface is shaped after, and the comparison all
// of them use. Pure functions: the adapters call them with the keys of a tenant's merchant.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Equal in constant time; two strings of different lengths are simply unequal. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Przelewy24's `sign`: SHA-384 (hex) of the JSON of the fields, in the order its documentation
 * lists them, with the CRC key last as "crc". JSON.stringify keeps insertion order and writes
 * no spaces, which is the form P24 signs (slashes and Unicode unescaped).
 */
export function przelewy24Sign(fields: Readonly<Record<string, string | number>>, crcKey: string): string {
  return createHash('sha384')
    .update(JSON.stringify({ ...fields, crc: crcKey }))
    .digest('hex');
}

/** The fields of a P24 notification that its `sign` covers, in order. */
export const P24_NOTIFICATION_FIELDS = [
  'merchantId',
  'posId',
  'sessionId',
  'amount',
  'originAmount',
  'currency',
  'orderId',
  'methodId',
  'statement',
] as const;

export interface OpenPayuSignature {
  sender: string;
  signature: string;
  algorithm: 'MD5' | 'SHA-256' | 'SHA256';
  content: string;
}

/** PayU's OpenPayu-Signature header: `sender=…;signature=…;algorithm=…;content=DOCUMENT`. */
export function parseOpenPayuSignature(header: string | undefined): OpenPayuSignature | undefined {
  if (!header || header.length > 1000) return undefined;
  const parts = new Map(
    header.split(';').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] as const;
    }),
  );
  const algorithm = (parts.get('algorithm') ?? 'MD5').toUpperCase();
  const signature = parts.get('signature');
  if (!signature || !['MD5', 'SHA-256', 'SHA256'].includes(algorithm)) return undefined;
  return {
    sender: parts.get('sender') ?? '',
    signature: signature.toLowerCase(),
    algorithm: algorithm as OpenPayuSignature['algorithm'],
    content: parts.get('content') ?? 'DOCUMENT',
  };
}

/** What PayU signs: the raw body with the second key appended, digested (hex). */
export function openPayuSignature(body: Buffer, secondKey: string, algorithm: OpenPayuSignature['algorithm']): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(Buffer.concat([body, Buffer.from(secondKey, 'utf8')]))
    .digest('hex');
}

/** The test provider's: HMAC-SHA-256 of the raw body, hex. */
export function testProviderSignature(body: Buffer | string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest('hex');
}
