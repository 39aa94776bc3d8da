import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLengthBound } from '../../src/commands/command-size.js';

describe('the size a command would have as JSON, bounded without serialising it', () => {
  it('is never below the serialised length (property), so a command under the limit is truly under it', () => {
    const values = fc.anything({
      withDate: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      stringUnit: 'binary',
    });
    fc.assert(
      fc.property(values, (value) => {
        const bound = jsonLengthBound(value);
        const text = JSON.stringify(value) as string | undefined; // undefined for undefined, functions and symbols, whatever lib.d.ts says
        if (bound !== undefined && text !== undefined)
          expect(bound).toBeGreaterThanOrEqual(text.length);
      }),
      { numRuns: 300 },
    );
    const nasty = {
      text: '\u0000\u001f"\\\ud800',
      at: new Date(8.64e15),
      list: [undefined, () => 1, Symbol('s')],
    };
    expect(jsonLengthBound(nasty)).toBeGreaterThanOrEqual(JSON.stringify(nasty).length);
  });

  it('leaves to serialising what only serialising can tell: BigInts, cycles, toJSON of its own', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(jsonLengthBound({ amount: 1n })).toBeUndefined();
    expect(jsonLengthBound(cycle)).toBeUndefined();
    expect(jsonLengthBound({ toJSON: () => 'x'.repeat(1000) })).toBeUndefined();
  });
});
