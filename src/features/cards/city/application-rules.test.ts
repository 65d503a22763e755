import { describe, expect, it } from 'vitest';
import { missingFromApplication, relationsFor, routeOf } from './application-rules.ts';
import type { CityCardApplication } from './city-card.types.ts';

const complete: CityCardApplication = {
  cardId: 'c',
  reference: 'AB12-CD34',
  holderFirstName: 'Ola',
  holderLastName: 'Nowak',
  holderBirthDate: '1990-05-14',
  incapacity: 'none',
  address: { street: 'ul. Lipowa 1', postalCode: '65-001', city: 'Zielonka' },
  representative: null,
  idDocument: { kind: 'id_card', number: 'ABC123456' },
  photoUploadId: 'p',
  discount: null,
  submittedAt: null,
  photoReturnedAt: null,
  updatedAt: new Date(0),
};

describe('missingFromApplication', () => {
  it('finds nothing missing in a complete adult application', () => {
    expect(missingFromApplication(complete, '2026-12-06')).toEqual([]);
  });

  it('lists every missing part in the order the form asks for them', () => {
    const bare = { ...complete, address: null, idDocument: null, photoUploadId: null };
    expect(missingFromApplication(bare, '2026-12-06')).toEqual(['address', 'idDocument', 'photo']);
  });

  it('stops at a child under 4, who needs no card, the day before the 4th birthday', () => {
    const child = { ...complete, holderBirthDate: '2022-12-07' };
    expect(missingFromApplication(child, '2026-12-06')).toEqual(['noCardNeeded']);
    expect(missingFromApplication(child, '2026-12-07')).toEqual(['representative']);
  });

  it('refuses a birth date after today', () => {
    expect(missingFromApplication({ ...complete, holderBirthDate: '2026-12-07' }, '2026-12-06')).toEqual(['birthDate']);
  });

  it('asks a 15-year-old for a parent or legal guardian, not a curator', () => {
    const minor = { ...complete, holderBirthDate: '2011-03-01' };
    expect(missingFromApplication(minor, '2026-12-06')).toEqual(['representative']);
    const curator = { name: 'Jan Nowak', relation: 'curator' as const, declaredAt: new Date(0) };
    expect(missingFromApplication({ ...minor, representative: curator }, '2026-12-06')).toEqual(['representative']);
    const parent = { ...curator, relation: 'parent' as const };
    expect(missingFromApplication({ ...minor, representative: parent }, '2026-12-06')).toEqual([]);
  });

  it('needs no one else the day an applicant turns 18, and a curator for an adult under partial guardianship', () => {
    expect(missingFromApplication({ ...complete, holderBirthDate: '2008-12-06' }, '2026-12-06')).toEqual([]);
    expect(missingFromApplication({ ...complete, holderBirthDate: '2008-12-07' }, '2026-12-06')).toEqual([
      'representative',
    ]);
    expect(relationsFor(routeOf({ holderBirthDate: '1970-01-01', incapacity: 'partial' }, '2026-12-06'))).toEqual([
      'curator',
    ]);
    expect(relationsFor(routeOf({ holderBirthDate: '1970-01-01', incapacity: 'full' }, '2026-12-06'))).toEqual([
      'guardian',
    ]);
  });

  it('wants a proof for a discount, and one still valid', () => {
    const discount = { kind: 'student' as const, validUntil: '2027-09-30', proofUploadId: null };
    expect(missingFromApplication({ ...complete, discount }, '2026-12-06')).toEqual(['proof']);
    const proved = { ...discount, proofUploadId: 'f' };
    expect(missingFromApplication({ ...complete, discount: proved }, '2026-12-06')).toEqual([]);
    expect(missingFromApplication({ ...complete, discount: proved }, '2027-10-01')).toEqual(['discountValidity']);
  });
});
