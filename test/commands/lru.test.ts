import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldedEvents, Lru } from '../../src/streams/lru.js';

/** A folded state as the caches hold it: its weight is the events folded into it. */
const folded = (events: number) => ({ revision: BigInt(events - 1) });

describe('the caches of folded states', () => {
  it('hold at most their count, dropping the least recently used first', () => {
    const cache = new Lru<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('hold at most their weight in folded events, however few the states: a long history does not hold more memory than the bound', () => {
    const cache = new Lru(10_000, foldedEvents, 1_000);
    for (let i = 0; i < 50; i++) cache.set(`call-${i}`, folded(100));
    expect(cache.size).toBe(10);
    expect(cache.totalWeight).toBe(1_000);
    expect(cache.get('call-39')).toBeUndefined();
    expect(cache.get('call-40')).toEqual(folded(100));
    // A state heavier than the whole bound is kept alone: the command that folded it is about to use it.
    cache.set('huge', folded(5_000));
    expect([cache.size, cache.get('huge')]).toEqual([1, folded(5_000)]);
  });

  it('never exceed either bound, and count each entry once however often it is replaced or deleted', () => {
    const operation = fc.oneof(
      fc.record({ set: fc.integer({ min: 0, max: 30 }), events: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ remove: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 50, maxLength: 300, size: 'max' }),
        (operations) => {
          const cache = new Lru<number, { revision: bigint }>(12, foldedEvents, 1_000);
          const held = new Map<number, number>();
          for (const op of operations) {
            if ('set' in op) {
              cache.set(op.set, folded(op.events));
              held.set(op.set, op.events);
            } else {
              cache.delete(op.remove);
              held.delete(op.remove);
            }
            for (const key of [...held.keys()]) if (cache.get(key) === undefined) held.delete(key);
            const weight = [...held.values()].reduce((sum, events) => sum + events, 0);
            expect(cache.size).toBe(held.size);
            expect(cache.totalWeight).toBe(weight);
            expect(cache.size).toBeLessThanOrEqual(12);
            if (cache.size > 1) expect(weight).toBeLessThanOrEqual(1_000);
          }
        },
      ),
    );
  });

  it('drop exactly the entries a plain least-recently-used list drops, whatever mix of reads, writes and deletes', () => {
    const key = fc.integer({ min: 0, max: 15 });
    const operation = fc.oneof(
      fc.record({ get: key }),
      fc.record({ set: key, events: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ remove: key }),
    );
    fc.assert(
      // Long sequences (fast-check's default size stops near ten): evictions follow reads many times.
      fc.property(
        fc.array(operation, { minLength: 50, maxLength: 400, size: 'max' }),
        (operations) => {
          const cache = new Lru<number, { revision: bigint }>(6, foldedEvents, 800);
          // The reference: keys from least to most recently used, with their weights.
          let list: Array<[number, number]> = [];
          const without = (k: number) => list.filter(([held]) => held !== k);
          for (const op of operations) {
            if ('get' in op) {
              const found = list.find(([held]) => held === op.get);
              if (found) list = [...without(op.get), found];
              expect(cache.get(op.get)).toEqual(found && folded(found[1]));
            } else if ('set' in op) {
              cache.set(op.set, folded(op.events));
              list = [...without(op.set), [op.set, op.events]];
              const weight = () => list.reduce((sum, [, events]) => sum + events, 0);
              while (list.length > 6 || (weight() > 800 && list.length > 1)) list = list.slice(1);
            } else {
              cache.delete(op.remove);
              list = without(op.remove);
            }
            expect(cache.size).toBe(list.length);
            expect(cache.totalWeight).toBe(list.reduce((sum, [, events]) => sum + events, 0));
          }
        },
      ),
    );
  });
});
