import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { decodeStored, reviveStored } from '../../src/domain/index.js';
import { collect } from '../store/contract.js';
import { steppingClock } from '../support/clock.js';
import { history, play } from '../support/histories.js';
import { depotRepair } from '../support/scenarios.js';

describe('fast decoding (revive) on the hot path', () => {
  it('gives exactly what strict schema decoding gives, for every stored event (property)', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (actions) => {
        const callstream = new Callstream({
          customerValidation: false,
          clock: steppingClock(),
          projectionMode: 'manual',
        });
        await play(callstream, actions);
        await depotRepair(callstream);
        for (const recorded of await collect(callstream.store.readAll())) {
          // Each decoder takes over the JSON it is given: hand each its own copy.
          const copy = () => ({
            ...recorded,
            data: structuredClone(recorded.data),
            metadata: structuredClone(recorded.metadata),
          });
          expect(reviveStored(copy())).toEqual(decodeStored(copy()));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('falls back to strict decoding for what it cannot trust', () => {
    expect(() =>
      reviveStored({
        type: 'NoSuchEvent',
        data: {},
        metadata: { schemaVersion: 1, occurredAt: '2026-11-23T09:00:00Z' },
      }),
    ).toThrow(/Unknown event type/);
    expect(() =>
      reviveStored({ type: 'CallClosed', data: {}, metadata: { occurredAt: 3 } }),
    ).toThrow();
  });
});
