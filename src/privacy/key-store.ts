/**
 * Where the data subjects' keys live, apart from the events: keys must be deletable, events
 * are not. A subject's key is created on first use and destroyed when the person is
 * forgotten; a forgotten subject keeps a tombstone (no key material) so that forgetting is
 * idempotent and no new key is ever made for them again.
 *
 * The port is synchronous on purpose: values are opened on the synchronous read paths
 * (pages of events folded without a promise per event). An adapter for a remote key
 * service keeps the keys it has fetched in memory and answers from there.
 */
export type KeyState =
  | { readonly state: 'active'; readonly key: Buffer; readonly createdAt: Date }
  | { readonly state: 'forgotten'; readonly createdAt: Date; readonly forgottenAt: Date };

export type DestroyOutcome = 'destroyed' | 'already-forgotten' | 'unknown';

export interface KeyStore {
  /** The subject's key, created now if the subject has none; undefined when the subject is forgotten. */
  keyFor(subject: string): Buffer | undefined;
  /** The subject's key or tombstone, or undefined for a subject never seen. */
  get(subject: string): KeyState | undefined;
  /**
   * The states of many subjects at once (absent: never seen), as `get` would give them: a
   * page of events names tens of subjects, and one look-up for all costs what one costs alone.
   */
  getMany(subjects: Iterable<string>): Map<string, KeyState>;
  /** Destroys the subject's key, keeping a tombstone; says what it found. */
  destroy(subject: string, at: Date): DestroyOutcome;
  /** Every subject with a key or a tombstone, in id order. */
  subjects(): string[];
  /**
   * How many subjects are forgotten, by whoever forgot them (another process sharing the keys
   * too): it only grows. Caches of values opened from events (folded streams) are dropped when
   * it changes, so a value opened before a forgetting is not copied afterwards.
   */
  forgettings(): number;
  close(): void;
}
