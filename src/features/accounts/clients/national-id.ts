// The PESEL at rest (issue #5): sealed with AES-256-GCM under DATA_KEY (src/platform/crypto/sealed-box.ts)
// in clients.national_id_sealed, and found through a keyed blind index in
// clients.national_id_index, unique per tenant.
//
// The blind index is HMAC-SHA256 under a key derived from DATA_KEY by HKDF for this purpose
// only, so the index key is never the encryption key. The tenant id is part of the HMAC input:
// uniqueness is per tenant anyway, and so the same PESEL at two tenants gives two unrelated
// indexes that cannot be matched up from a database dump.
//
// Rotating DATA_KEY changes every index: `okienko data-key:rotate` must recompute
// national_id_index with blindIndexUnder(newKey, …) while it re-seals national_id_sealed
// (the old index is blindIndexUnder(oldKey, …); look-ups during a rotation may try both).
import { createHmac, hkdfSync } from 'node:crypto';
import { createSealedBox, type SealedBox } from '../../../platform/crypto/sealed-box.ts';

const INDEX_SALT = Buffer.from('okienko/clients.national_id_index/v1', 'utf8');
const INDEX_INFO = 'okienko pesel blind index';

export class NationalIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NationalIdError';
  }
}

/**
 * Only the canonical form is sealed and indexed: 11 ASCII digits, as parsePesel accepted them.
 * Otherwise " 44051401359" would get another index than "44051401359" and slip past the
 * uniqueness check. The message never contains the value.
 */
function assertCanonical(pesel: string): void {
  if (!/^[0-9]{11}$/.test(pesel)) throw new NationalIdError('a national id must be 11 ASCII digits (parse it first)');
}

/** The blind-index key for a data key: HKDF-SHA256, 32 bytes, for this purpose only. */
export function deriveBlindIndexKey(dataKey: Buffer): Buffer {
  if (dataKey.length !== 32) throw new NationalIdError('data keys must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', dataKey, INDEX_SALT, INDEX_INFO, 32));
}

/** HMAC-SHA256(indexKey, tenant id ‖ PESEL), each length-prefixed so no two inputs run together. */
function indexWith(indexKey: Buffer, tenantId: string, pesel: string): Buffer {
  assertCanonical(pesel);
  if (tenantId.length === 0) throw new NationalIdError('a blind index needs the tenant id');
  const hmac = createHmac('sha256', indexKey);
  for (const part of [tenantId, pesel]) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hmac.update(length).update(bytes);
  }
  return hmac.digest();
}

/**
 * The blind index of a PESEL at a tenant under a given DATA_KEY (32 bytes out). For
 * data-key:rotate, which needs the index under the old and the new key.
 */
export function blindIndexUnder(dataKey: Buffer, tenantId: string, pesel: string): Buffer {
  return indexWith(deriveBlindIndexKey(dataKey), tenantId, pesel);
}

export interface NationalIdProtector {
  /** Seals a PESEL (11 ASCII digits) for the record named by `context`. */
  seal(pesel: string, context: string): Buffer;
  /** Opens a sealed PESEL; throws SealedBoxError when the context or the key does not match. */
  open(sealed: Buffer, context: string): string;
  /** True when sealed under a previous key (data-key:rotate re-seals it). */
  isStale(sealed: Buffer): boolean;
  /** The per-tenant blind index under the current DATA_KEY: 32 bytes. */
  blindIndex(tenantId: string, pesel: string): Buffer;
  /**
   * Every index the PESEL may be stored under: the current key's first, then those of
   * DATA_KEY_PREVIOUS, for look-ups while data-key:rotate has not yet recomputed them all.
   */
  lookupIndexes(tenantId: string, pesel: string): Buffer[];
}

export interface NationalIdKeys {
  dataKey: Buffer;
  previousDataKeys?: readonly Buffer[];
}

/**
 * Seal, open and index PESEL numbers with the configured keys (config.dataKey,
 * config.previousDataKeys). Blind indexes are always under the current key.
 *
 * `context` binds a sealed value to where it is stored, e.g.
 * `clients.national_id:${tenantId}:${clientId}`: a value copied into another row does not open.
 */
export function createNationalIdProtector(keys: NationalIdKeys): NationalIdProtector {
  const box: SealedBox = createSealedBox(keys.dataKey, keys.previousDataKeys ?? []);
  const indexKey = deriveBlindIndexKey(keys.dataKey);
  const indexKeys = [indexKey, ...(keys.previousDataKeys ?? []).map(deriveBlindIndexKey)];
  return {
    seal(pesel, context) {
      assertCanonical(pesel);
      return box.seal(pesel, context);
    },
    open: (sealed, context) => box.open(sealed, context),
    isStale: (sealed) => box.isStale(sealed),
    blindIndex: (tenantId, pesel) => indexWith(indexKey, tenantId, pesel),
    lookupIndexes: (tenantId, pesel) => indexKeys.map((key) => indexWith(key, tenantId, pesel)),
  };
}
