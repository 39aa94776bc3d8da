import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/json.js';

// Every control character: C0, DEL and C1.
// eslint-disable-next-line no-control-regex -- the very characters that must not get through
const control = /[\u0000-\u001f\u007f-\u009f]/;

describe('toJson: one JSON document a terminal shows, never obeys', () => {
  it('escapes every control character and parses back to the same value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })),
        fc.bigInt(),
        (texts, position) => {
          const text = toJson({ texts, position }, 0);
          expect(text).not.toMatch(control);
          expect(JSON.parse(text)).toEqual({ texts, position: position.toString() });
        },
      ),
    );
  });

  it('writes the C1 introducer of a control sequence as \\u009b', () => {
    expect(toJson({ description: 'red \u009b31m' }, 0)).toBe('{"description":"red \\u009b31m"}');
  });
});
