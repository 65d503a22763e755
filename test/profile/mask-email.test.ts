// The masked address in the notice to the old mailbox: recognisable to its owner, and giving
// away neither the rest of the address nor its length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail } from '../../src/features/accounts/profile/mask-email.ts';

describe('maskEmail', () => {
  it('keeps the first letters and the top-level domain', () => {
    expect(maskEmail('jan.kowalski@example.org')).toBe('j***@e***.org');
    expect(maskEmail('a@b.pl')).toBe('a***@b***.pl');
    expect(maskEmail('Zofia+news@Poczta.Example.co.uk')).toBe('Z***@P***.uk');
    expect(maskEmail('user@localhost')).toBe('u***@l***');
  });

  it('keeps a letter outside the Basic Multilingual Plane whole', () => {
    expect(maskEmail('𝒜nna@żółw.cz')).toBe('𝒜***@ż***.cz');
  });

  it('hides the length and every character but the first of each part', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const masked = maskEmail(address);
        const [local, domain] = [
          address.slice(0, address.lastIndexOf('@')),
          address.slice(address.lastIndexOf('@') + 1),
        ];
        const topLevel = domain.includes('.') ? domain.slice(domain.lastIndexOf('.')) : '';
        expect(masked).toBe(`${local[0]}***@${domain[0]}***${topLevel}`);
        // Same shape for a short and a long address with the same ends.
        expect(maskEmail(`${local[0]}${'x'.repeat(40)}@${domain}`)).toBe(masked);
      }),
    );
  });

  it('shows nothing of something that is not an address', () => {
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});
