/**
 * A small least-recently-used map: bounded memory for caches on the hot path. Bounded by
 * count, and, given a weigher, by total weight too: a count alone lets a few long
 * histories (a folded state grows with its events) hold far more memory than the count
 * suggests.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly weights = new Map<K, number>();
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh?: (value: V) => number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * The key used last, at the map's end while it is held: used again (a command loads its
   * call, then remembers it) it is not moved, since a Map reorders only by a delete and a
   * set, and each delete leaves a hole the table later compacts.
   */
  private newest: K | undefined;

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, value);
      this.newest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    if (key !== this.newest) this.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    if (this.weigh) {
      const weight = this.weigh(value);
      this.weight += weight - (this.weights.get(key) ?? 0);
      this.weights.set(key, weight);
    }
    // Over weight, the entry just set stays however heavy: the caller is about to use it.
    while (
      this.entries.size > this.capacity ||
      (this.weight > this.maxWeight && this.entries.size > 1)
    )
      this.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    if (!this.entries.delete(key)) return;
    if (key === this.newest) this.newest = undefined;
    const weight = this.weights.get(key);
    if (weight === undefined) return;
    this.weight -= weight;
    this.weights.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.weights.clear();
    this.weight = 0;
    this.newest = undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The total weight held (0 without a weigher). */
  get totalWeight(): number {
    return this.weight;
  }
}

/**
 * A folded stream's weight: the events folded into it. A call's state measured about 350
 * bytes per event folded (5.8 KB for a demo call of 17 events, its command ids included).
 */
export const foldedEvents = (folded: { readonly revision: bigint }): number =>
  Math.max(1, Number(folded.revision) + 1);

/** Events a cache of folded states holds at most: about 70 MB at 350 bytes each, whatever the streams' lengths. */
export const CACHED_EVENTS = 200_000;
