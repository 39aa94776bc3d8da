import type { KeyStore } from './key-store.js';
import type { SealedValue } from './sealed.js';

/** Values remembered per key store: enough for the documents of a few batches of a replay. */
const CAPACITY = 20_000;

/**
 * The sealed values opened or sealed lately, with their clear text, both ways: a read model
 * copying a value it just read from an event stores the event's own sealed value (the same
 * ciphertext, no new encryption), and opens a document's values without decrypting them
 * again. Only ever consulted after the subject's key was found active, so a forgotten
 * person's values never come back from here; forgetting drops them too. Bounded: the oldest
 * go first.
 */
export class SealedValues {
  private readonly byClear = new Map<string, SealedValue>();
  private readonly byCipher = new Map<
    string,
    { readonly subject: string; readonly clear: string }
  >();

  remember(sealed: SealedValue, clear: string): void {
    const cipher = cipherOf(sealed);
    if (this.byCipher.has(cipher)) return;
    if (this.byCipher.size >= CAPACITY) {
      const oldest = this.byCipher.keys().next().value!;
      this.byCipher.delete(oldest);
    }
    if (this.byClear.size >= CAPACITY) {
      const oldest = this.byClear.keys().next().value!;
      this.byClear.delete(oldest);
    }
    this.byCipher.set(cipher, { subject: sealed.$sealed, clear });
    this.byClear.set(`${sealed.$sealed}\u0000${clear}`, sealed);
  }

  /** A sealed value of the subject holding `clear`, if one was seen. */
  sealedFor(subject: string, clear: string): SealedValue | undefined {
    return this.byClear.get(`${subject}\u0000${clear}`);
  }

  /** The clear text of a sealed value seen before (its key checked active by the caller). */
  clearOf(sealed: SealedValue): string | undefined {
    return this.byCipher.get(cipherOf(sealed))?.clear;
  }

  /** Drops every value of a forgotten subject. */
  forget(subject: string): void {
    for (const [key, sealed] of this.byClear)
      if (sealed.$sealed === subject) this.byClear.delete(key);
    for (const [cipher, value] of this.byCipher)
      if (value.subject === subject) this.byCipher.delete(cipher);
  }
}

/** The whole sealed value, its key id too: one copied under another subject's id is another value (and does not open). */
const cipherOf = (sealed: SealedValue): string =>
  `${sealed.$sealed}\u0000${sealed.iv}${sealed.tag}${sealed.ct}`;

const caches = new WeakMap<KeyStore, SealedValues>();

/** The cache of the values sealed under one key store's keys. */
export function sealedValuesOf(keys: KeyStore): SealedValues {
  let cache = caches.get(keys);
  if (!cache) caches.set(keys, (cache = new SealedValues()));
  return cache;
}
