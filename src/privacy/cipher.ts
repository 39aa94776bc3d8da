import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedValue } from './sealed.js';

/** AES-256-GCM: authenticated, so a wrong or replaced key is detected rather than read as garbage. */
const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;

/** A fresh random key for a data subject. */
export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * Seals one value under a subject's key with a fresh IV. The key id is bound as additional
 * authenticated data: a sealed value copied under another subject's id does not open.
 */
export function sealValue(keyId: string, key: Buffer, value: string): SealedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return {
    $sealed: keyId,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a sealed value, or undefined when the key does not open it (wrong key, edited bytes). */
export function openValue(key: Buffer, sealed: SealedValue): string | undefined {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.$sealed, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ct, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * A sealed value its subject's key does not open although the key was never destroyed: the
 * key or the value was changed outside callstream (the key table is not under the hash
 * chain). Never read as "[erased]": that would pass damage off as a lawful erasure that no
 * PersonForgotten records.
 */
export class SealedValueUnreadable extends Error {
  readonly code = 'SealedValueUnreadable';
  constructor(readonly subject: string) {
    super(
      `A value sealed for ${subject} does not open under that subject's key, which was never destroyed: the key or the value was changed outside callstream. It is no erasure (none is recorded); restore the key table (person_keys) from a backup`,
    );
    this.name = 'SealedValueUnreadable';
  }
}

/** Opens a sealed value with its subject's active key; SealedValueUnreadable when it does not open. */
export function openWithActiveKey(key: Buffer, sealed: SealedValue): string {
  const clear = openValue(key, sealed);
  if (clear === undefined) throw new SealedValueUnreadable(sealed.$sealed);
  return clear;
}
