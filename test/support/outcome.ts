import { expect } from 'vitest';
import { decodeEvent, DomainError } from '../../src/domain/index.js';

/**
 * What a decision specification states: `.then(events)` — exactly these, in order, each
 * surviving the store's way (JSON, then its schema) unchanged unless `roundTrip` is off — or
 * `.refuses(code, message)`: a DomainError with that code.
 */
export function outcome<E extends { readonly type: string; readonly data: object }>(
  commandType: string,
  decide: () => E[],
  { roundTrip = true } = {},
) {
  return {
    then(...expected: E[]) {
      const decided = decide();
      expect(decided).toEqual(expected);
      if (!roundTrip) return;
      for (const event of decided)
        expect(decodeEvent(event.type, JSON.parse(JSON.stringify(event.data))).data).toEqual(
          event.data,
        );
    },
    refuses(code: string, message?: RegExp) {
      let thrown: unknown;
      try {
        decide();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `expected ${commandType} to be refused with ${code}`).toBeInstanceOf(
        DomainError,
      );
      expect((thrown as DomainError).code).toBe(code);
      if (message) expect((thrown as DomainError).message).toMatch(message);
    },
  };
}
