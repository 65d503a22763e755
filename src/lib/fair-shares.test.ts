import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShares } from './fair-shares.ts';

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

describe('fairShares', () => {
  it('gives a flood the places a small claimant leaves, never its share', () => {
    expect(fairShares([1000, 3], 50)).toEqual([47, 3]);
    expect(fairShares([3, 1000], 50)).toEqual([3, 47]);
  });

  it('splits evenly among those who want more, odd places to the earliest', () => {
    expect(fairShares([100, 100, 100], 50)).toEqual([17, 17, 16]);
    expect(fairShares([9, 10], 5)).toEqual([3, 2]);
    expect(fairShares([5, 5, 5, 5], 2)).toEqual([1, 1, 0, 0]);
  });

  it('gives everyone what they want when it fits', () => {
    expect(fairShares([2, 4, 1], 50)).toEqual([2, 4, 1]);
    expect(fairShares([], 50)).toEqual([]);
  });

  it('is fair for any wants and places', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { maxLength: 20 }), fc.nat(300), (wants, places) => {
        const shares = fairShares(wants, places);
        expect(shares).toHaveLength(wants.length);
        shares.forEach((share, i) => {
          expect(Number.isInteger(share) && share >= 0 && share <= wants[i]!).toBe(true);
        });
        // Every place is used while someone still wants it.
        expect(sum(shares)).toBe(Math.min(places, sum(wants)));
        // Nobody left short of their want has two places fewer than anyone else.
        shares.forEach((share, i) => {
          if (share < wants[i]!) for (const other of shares) expect(other - share).toBeLessThanOrEqual(1);
        });
      }),
    );
  });
});
