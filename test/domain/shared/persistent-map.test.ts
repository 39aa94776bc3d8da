/** The persistent map behind long-lived states: a Map's answers, without copying on every set. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyMap,
  entriesIn,
  getIn,
  hashOf,
  removeIn,
  setIn,
} from '../../../src/domain/shared/persistent-map.js';

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
  const sets = fc.array(fc.tuple(keys, fc.integer()), { maxLength: 400, size: 'max' });

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
        // Compared plainly, one expectation at the end: hundreds of versions of hundreds of keys.
        const wrong: string[] = [];
        versions.forEach((version, i) => {
          for (const [key, value] of version.model)
            if (getIn(version.map, key) !== value) wrong.push(`version ${i}: ${key}`);
          if (getIn(version.map, probe) !== version.model.get(probe))
            wrong.push(`version ${i}: ${probe} (probe)`);
        });
        expect(wrong).toEqual([]);
      }),
    );
  });

  it('has one shape for the same entries, whatever order they were set in (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(keys, { maxLength: 200, size: 'max' }),
        fc.integer(),
        (unique, seed) => {
          const entries = unique.map((key, i) => [key, i] as const);
          const shuffled = [...entries].sort(
            ([x], [y]) => hashOf(`${x}${seed}`) - hashOf(`${y}${seed}`) || (x < y ? -1 : 1),
          );
          const fold = (list: ReadonlyArray<readonly [string, number]>) =>
            list.reduce((map, [key, value]) => setIn(map, key, value), emptyMap<number>());
          expect(fold(shuffled)).toEqual(fold(entries));
        },
      ),
    );
  });

  it('answers as a Map does after any sequence of sets and removals, in the shape its remaining entries alone make (property)', () => {
    const steps = fc.array(fc.oneof(fc.tuple(keys, fc.integer()), keys), {
      maxLength: 400,
      size: 'max',
    });
    fc.assert(
      fc.property(steps, keys, (changes, probe) => {
        let map = emptyMap<number>();
        const model = new Map<string, number>();
        for (const change of changes) {
          if (typeof change === 'string') {
            const before = map;
            map = removeIn(map, change);
            if (!model.delete(change)) expect(map).toBe(before);
          } else {
            map = setIn(map, ...change);
            model.set(...change);
          }
        }
        for (const [key, value] of model) expect(getIn(map, key)).toBe(value);
        expect(getIn(map, probe)).toBe(model.get(probe));
        expect(new Map(entriesIn(map))).toEqual(model);
        const remaining = [...model].reduce(
          (m, [key, value]) => setIn(m, key, value),
          emptyMap<number>(),
        );
        expect(map).toEqual(remaining);
      }),
    );
  });

  it('removes one of two keys of one hash, and then the other', () => {
    const both = setIn(setIn(emptyMap<string>(), a, 'first'), b, 'second');
    const onlyB = removeIn(both, a);
    expect([getIn(onlyB, a), getIn(onlyB, b)]).toEqual([undefined, 'second']);
    expect(onlyB).toEqual(setIn(emptyMap<string>(), b, 'second'));
    expect(removeIn(onlyB, b)).toEqual(emptyMap());
    expect(getIn(both, a)).toBe('first');
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
