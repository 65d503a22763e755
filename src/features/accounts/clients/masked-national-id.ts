// A client's PESEL as a page may show it: opened from its sealed form and masked (the birth
// date and the last two digits), never the number.
import { maskPesel, parsePesel, type MaskedPesel } from '../../../lib/pesel.ts';
import { nationalIdContext } from '../registration/registration.service.ts';
import type { NationalIdProtector } from './national-id.ts';

export function maskedNationalId(
  nationalIds: NationalIdProtector,
  { tenantId, clientId, sealed }: { tenantId: string; clientId: string; sealed: Buffer | null },
): MaskedPesel | undefined {
  if (!sealed) return undefined;
  const parsed = parsePesel(nationalIds.open(sealed, nationalIdContext(tenantId, clientId)));
  return parsed.ok ? maskPesel(parsed.pesel) : undefined;
}
