import type { KeyStore } from './key-store.js';
import type { SealedValue } from './sealed.js';

/** Values remembered per key store: enough for the documents of a few batches of a replay. */
const CAPACITY = 20_000;
/** And at most this many characters of clear text in all (free text can be long). */
const CHARACTERS = 2_000_000;

interface Seen {
  readonly sealed: SealedValue;
  readonly clear: string;
}

/**
 * The sealed values opened or sealed lately, with their clear text, both ways: a read model
 * copying a value it just read from an event stores the event's own sealed value (the same
 * ciphertext, no new encryption), and opens a document's values without decrypting them
 * again. Only ever consulted after the subject's key was found active, so a forgotten
 * person's values never come back from here; forgetting drops them too. Bounded: the oldest
 * go first.
 */
export class SealedValues {
  /** By the whole sealed value, oldest first. */
  private readonly byCipher = new Map<string, Seen>();
  /** Subject and clear text → the key in byCipher of a sealed value holding it. */
  private readonly byClear = new Map<string, string>();
  private characters = 0;

  remember(sealed: SealedValue, clear: string): void {
    const cipher = cipherOf(sealed);
    if (this.byCipher.has(cipher)) return;
    this.byCipher.set(cipher, { sealed, clear });
    this.byClear.set(`${sealed.$sealed}\u0000${clear}`, cipher);
    this.characters += clear.length;
    while (this.byCipher.size > CAPACITY || this.characters > CHARACTERS)
      this.drop(this.byCipher.keys().next().value!);
  }

  /** A sealed value of the subject holding `clear`, if one was seen. */
  sealedFor(subject: string, clear: string): SealedValue | undefined {
    const cipher = this.byClear.get(`${subject}\u0000${clear}`);
    return cipher === undefined ? undefined : this.byCipher.get(cipher)?.sealed;
  }

  /** The clear text of a sealed value seen before (its key checked active by the caller). */
  clearOf(sealed: SealedValue): string | undefined {
    return this.byCipher.get(cipherOf(sealed))?.clear;
  }

  /** Drops every value of a forgotten subject. */
  forget(subject: string): void {
    for (const [cipher, seen] of this.byCipher)
      if (seen.sealed.$sealed === subject) this.drop(cipher);
  }

  private drop(cipher: string): void {
    const seen = this.byCipher.get(cipher)!;
    this.byCipher.delete(cipher);
    this.characters -= seen.clear.length;
    const clearKey = `${seen.sealed.$sealed}\u0000${seen.clear}`;
    if (this.byClear.get(clearKey) === cipher) this.byClear.delete(clearKey);
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
