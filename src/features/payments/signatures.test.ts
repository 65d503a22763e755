// The providers' signature schemes against digests computed outside Node (openssl dgst over the
// exact bytes each provider's documentation describes), so a change in field order, spacing or
// key placement fails here rather than at the provider.
import { describe, expect, it } from 'vitest';
import {
  openPayuSignature,
  parseOpenPayuSignature,
  przelewy24Sign,
  sameSignature,
  testProviderSignature,
} from './signatures.ts';

const PAYU_BODY = Buffer.from(
  '{"order":{"orderId":"LDLW5N7MF4","extOrderId":"abc-1","totalAmount":"1250","currencyCode":"PLN","status":"COMPLETED"}}',
);

describe('Przelewy24 sign', () => {
  it('is SHA-384 over the fields as JSON, in order, with the CRC key last', () => {
    const fields = {
      merchantId: 11111,
      posId: 11111,
      sessionId: 'abc-1',
      amount: 1250,
      originAmount: 1250,
      currency: 'PLN',
      orderId: 300,
      methodId: 25,
      statement: 'p24-A1-B2',
    };
    expect(przelewy24Sign(fields, '0123456789abcdef')).toBe(
      'c6875b1a9a9b5ae6b5e853c7fe2dd61c71622f93de3afdf0ac6f71cfbfab33d1c058426fd4ff289a107a4c10990259a4',
    );
    expect(przelewy24Sign({ ...fields, amount: 1251 }, '0123456789abcdef')).not.toMatch(/^c6875b1a/);
  });
});

describe('PayU OpenPayu-Signature', () => {
  it('reads the header and signs the raw body with the second key, MD5 or SHA-256', () => {
    const header = 'sender=checkout;signature=89F58F97063D734ACC68B29B0D862CA9;algorithm=MD5;content=DOCUMENT';
    expect(parseOpenPayuSignature(header)).toEqual({
      sender: 'checkout',
      signature: '89f58f97063d734acc68b29b0d862ca9',
      algorithm: 'MD5',
      content: 'DOCUMENT',
    });
    expect(openPayuSignature(PAYU_BODY, 'secondkey123', 'MD5')).toBe('89f58f97063d734acc68b29b0d862ca9');
    expect(openPayuSignature(PAYU_BODY, 'secondkey123', 'SHA-256')).toBe(
      '1fef4dc934b8969204dde8f5e4ddb34606beb1deae9280a818513914dd5aa400',
    );
  });

  it('refuses a header without a signature or with an algorithm it does not know', () => {
    expect(parseOpenPayuSignature(undefined)).toBeUndefined();
    expect(parseOpenPayuSignature('sender=checkout;algorithm=MD5')).toBeUndefined();
    expect(parseOpenPayuSignature('signature=ab;algorithm=CRC32')).toBeUndefined();
    expect(parseOpenPayuSignature('garbage')).toBeUndefined();
  });
});

describe('sameSignature and the test provider', () => {
  it('compares equal-length strings in constant time and refuses other lengths', () => {
    const key = Buffer.alloc(32, 7);
    const signature = testProviderSignature('{"a":1}', key);
    expect(signature).toHaveLength(64);
    expect(sameSignature(signature, testProviderSignature('{"a":1}', key))).toBe(true);
    expect(sameSignature(signature, testProviderSignature('{"a":2}', key))).toBe(false);
    expect(sameSignature(signature, signature.slice(1))).toBe(false);
    expect(sameSignature(signature, '')).toBe(false);
  });
});
