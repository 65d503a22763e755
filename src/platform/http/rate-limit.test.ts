// Which budget a request counts against: one per IPv4 address, one per IPv6 /64 (a subscriber's
// whole block), and an IPv4 address the same however it is written.
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { byIp } from './rate-limit.ts';

const from = (ip: string | undefined) => byIp({ ip } as Request);

describe('byIp', () => {
  it('counts an IPv4 address alone, also when written as IPv4-mapped IPv6', () => {
    expect(from('203.0.113.9')).toBe('203.0.113.9');
    expect(from('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(from('203.0.113.10')).not.toBe(from('203.0.113.9'));
  });

  it('counts every address of an IPv6 /64 together, however it is written', () => {
    const block = from('2001:db8:1:2::1');
    expect(block).toBe('2001:db8:1:2::/64');
    expect(from('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(block);
    expect(from('2001:db8:1:3::1')).not.toBe(block);
  });

  it('keeps what it cannot read as an address', () => {
    expect(from(undefined)).toBe('unknown');
  });
});
