import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson, jsonCopy } from '../../src/store/json-copy.js';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('the memory store’s JSON copies', () => {
  it('give exactly what a JSON text round trip gives', () => {
    const values = fc.anything({
      withDate: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
      stringUnit: 'binary',
    });
    fc.assert(
      fc.property(values, (value) => {
        fc.pre((JSON.stringify(value) as string | undefined) !== undefined); // undefined for undefined, functions and symbols, whatever lib.d.ts says
        expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
      }),
      { numRuns: 200 },
    );
    const awkward = {
      at: new Date('2026-11-23T09:00:00Z'),
      invalid: new Date(Number.NaN),
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Number.NaN, -0, Infinity],
      own: { toJSON: (key: string) => `key ${key}` },
      boxed: [
        new Number(-Infinity),
        new Number(-0),
        new Number(Number.NaN),
        new String('s'),
        new Boolean(false),
      ],
    };
    expect(jsonCopy(awkward)).toStrictEqual(roundTrip(awkward));
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<
      string,
      unknown
    >;
    expect(jsonCopy(proto)).toStrictEqual(roundTrip(proto));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(cloneJson(jsonCopy(proto)) as object)).toEqual(['__proto__', 'a']);
  });

  it('refuse what JSON cannot carry: a BigInt, a cycle', () => {
    expect(() => jsonCopy({ amount: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => jsonCopy(cycle)).toThrow(TypeError);
    expect(() => jsonCopy(undefined)).toThrow(TypeError);
  });

  it('clone into fresh objects all the way down', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const stored = jsonCopy(value);
        const copy = cloneJson(stored);
        expect(copy).toStrictEqual(stored);
        if (typeof copy === 'object' && copy !== null) expect(copy).not.toBe(stored);
      }),
    );
  });
});
