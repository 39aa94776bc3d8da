/** The persistent map behind long-lived states: a Map's answers, without copying on every set. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyMap, getIn, hashOf, setIn } from '../../../src/domain/shared/persistent-map.js';

/** Two distinct keys of one 32-bit hash, found by the birthday bound (about 2¹⁶ tries). */
function collidingKeys(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const key = `alarm-${i}`;
    const other = seen.get(hashOf(key));
    if (other !== undefined) return [other, key];
    seen.set(hashOf(key), key);
  }
}

describe('a persistent map', () => {
  const [a, b] = collidingKeys();
  const keys = fc.oneof(
    fc.constantFrom(a, b, '', 'constructor', '__proto__', 'toString'),
    fc.string({ maxLength: 6 }),
    fc.integer({ min: 0, max: 5_000 }).map((n) => `A-${n}`),
  );
  const sets = fc.array(fc.tuple(keys, fc.integer()), { maxLength: 400 });

  it('answers as a Map does after any sequence of sets, and leaves every earlier version as it was (property)', () => {
    fc.assert(
      fc.property(sets, keys, (steps, probe) => {
        let map = emptyMap<number>();
        const model = new Map<string, number>();
        const versions: Array<{ map: typeof map; model: Map<string, number> }> = [];
        for (const [key, value] of steps) {
          map = setIn(map, key, value);
          model.set(key, value);
          versions.push({ map, model: new Map(model) });
        }
        for (const version of versions) {
          for (const [key, value] of version.model) expect(getIn(version.map, key)).toBe(value);
          expect(getIn(version.map, probe)).toBe(version.model.get(probe));
        }
      }),
    );
  });

  it('has one shape for the same entries, whatever order they were set in (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keys, { maxLength: 200 }), fc.integer(), (unique, seed) => {
        const entries = unique.map((key, i) => [key, i] as const);
        const shuffled = [...entries].sort(
          ([x], [y]) => hashOf(`${x}${seed}`) - hashOf(`${y}${seed}`) || (x < y ? -1 : 1),
        );
        const fold = (list: ReadonlyArray<readonly [string, number]>) =>
          list.reduce((map, [key, value]) => setIn(map, key, value), emptyMap<number>());
        expect(fold(shuffled)).toEqual(fold(entries));
      }),
    );
  });

  it('keeps keys of one hash apart', () => {
    expect(hashOf(a)).toBe(hashOf(b));
    const map = setIn(setIn(emptyMap<string>(), a, 'first'), b, 'second');
    expect([getIn(map, a), getIn(map, b)]).toEqual(['first', 'second']);
    expect(getIn(setIn(map, a, 'again'), a)).toBe('again');
    expect(getIn(map, a)).toBe('first');
  });

  it('shares all but one path with the map it was set from', () => {
    let map = emptyMap<number>();
    for (let i = 0; i < 10_000; i++) map = setIn(map, `A-${i}`, i);
    const next = setIn(map, 'A-10000', 10_000);
    const shared = next.children.filter((child) => map.children.includes(child)).length;
    expect(shared).toBe(map.children.length - 1);
  });
});
