// Authenticated encryption for data at rest (mail bodies with live links, and later PESEL
// numbers): AES-256-GCM under DATA_KEY, bound to where the value lives by associated data,
// so a ciphertext copied into another row or column does not open.
//
// Layout: version (1 byte) | key id (4) | IV (12) | tag (16) | ciphertext.
// The key id lets DATA_KEY be rotated: values sealed under DATA_KEY_PREVIOUS still open,
// and `okienko data-key:rotate` re-seals them under the current key.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

const VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;

export class SealedBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBoxError';
  }
}

/** Sealed under a key this process was not given: its configuration, not the value, is at fault. */
export class UnknownKeyError extends SealedBoxError {
  constructor() {
    super('sealed under a key that is not configured (DATA_KEY, DATA_KEY_PREVIOUS)');
    this.name = 'UnknownKeyError';
  }
}

function keyIdOf(key: Buffer): Buffer {
  return createHmac('sha256', key).update('okienko data key id').digest().subarray(0, KEY_ID_BYTES);
}

export interface SealedBox {
  seal(plaintext: string, context: string): Buffer;
  open(sealed: Buffer, context: string): string;
  /** True when the value was sealed under a key other than the current one. */
  isStale(sealed: Buffer): boolean;
}

export function createSealedBox(currentKey: Buffer, previousKeys: readonly Buffer[] = []): SealedBox {
  for (const key of [currentKey, ...previousKeys]) {
    if (key.length !== 32) throw new SealedBoxError('data keys must be 32 bytes');
  }
  const currentId = keyIdOf(currentKey);
  // Key objects made once: from raw bytes, every cipher would import the key again.
  const current = createSecretKey(currentKey);
  const keys = new Map<string, KeyObject>(
    [currentKey, ...previousKeys].map((key) => [keyIdOf(key).toString('hex'), createSecretKey(key)]),
  );

  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), currentId, iv, cipher.getAuthTag(), ciphertext]);
    },
    open(sealed, context) {
      if (sealed.length < HEADER_BYTES || sealed[0] !== VERSION) throw new SealedBoxError('not a sealed value');
      const keyId = sealed.subarray(1, 1 + KEY_ID_BYTES);
      const key = keys.get(keyId.toString('hex'));
      if (!key) throw new UnknownKeyError();
      const ivStart = 1 + KEY_ID_BYTES;
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(ivStart, ivStart + IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(sealed.subarray(ivStart + IV_BYTES, HEADER_BYTES));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedBoxError('sealed value failed authentication (tampered, or moved from another record)');
      }
    },
    isStale(sealed) {
      return !sealed.subarray(1, 1 + KEY_ID_BYTES).equals(currentId);
    },
  };
}
