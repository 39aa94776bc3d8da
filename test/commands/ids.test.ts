import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { CALLSTREAM_NAMESPACE, nameUuid } from '../../src/commands/streams.js';

describe('deterministic ids', () => {
  it('are exactly RFC 9562 version-5 UUIDs in callstream’s namespace (stored ids must never change)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (name) => {
      expect(nameUuid(name)).toBe(uuidv5(name, CALLSTREAM_NAMESPACE));
    }));
    expect(nameUuid('demo/1/0/0')).toBe(uuidv5('demo/1/0/0', CALLSTREAM_NAMESPACE));
  });
});
