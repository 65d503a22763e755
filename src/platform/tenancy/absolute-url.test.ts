import { describe, expect, it } from 'vitest';
import { absoluteUrl } from './absolute-url.ts';

describe('absoluteUrl', () => {
  it('uses PUBLIC_URL and the slug, or the tenant’s own domain, and nothing from the request', () => {
    expect(absoluteUrl('https://okienko.example/', { slug: 'mzk', domains: [] }, '/activate?t=1')).toBe(
      'https://okienko.example/mzk/activate?t=1',
    );
    expect(absoluteUrl('https://okienko.example', { slug: 'mzk', domains: ['ekarta.mzk.example'] }, 'x')).toBe(
      'https://ekarta.mzk.example/x',
    );
  });
});
