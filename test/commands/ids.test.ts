import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventIds } from '../../src/streams/ids.js';
import {
  CALLSTREAM_NAMESPACE,
  encodeEvents,
  eventIdFor,
  nameUuid,
} from '../../src/streams/index.js';

describe('deterministic ids', () => {
  it('are exactly RFC 9562 version-5 UUIDs in callstream’s namespace (stored ids must never change)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        expect(nameUuid(name)).toBe(uuidv5(name, CALLSTREAM_NAMESPACE));
      }),
    );
    expect(nameUuid('demo/1/0/0')).toBe(uuidv5('demo/1/0/0', CALLSTREAM_NAMESPACE));
    const long = 'ü'.repeat(2000); // longer than the hashing buffer: it grows
    expect(nameUuid(long)).toBe(uuidv5(long, CALLSTREAM_NAMESPACE));
  });

  it("name a command's first event in a stream as they always did, so one-event appends are recognised across versions", () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.string(),
        fc.integer({ min: 1, max: 5 }),
        (commandId, stream, count) => {
          expect(eventIds(commandId, stream, count)[0]).toBe(
            uuidv5(`${commandId}/${stream}/0`, CALLSTREAM_NAMESPACE),
          );
        },
      ),
    );
  });

  it("derive every event's id from one digest: distinct, valid UUIDs, the same for the same command, stream and index", () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.string(),
        fc.integer({ min: 0, max: 40 }),
        (commandId, stream, count) => {
          const ids = eventIds(commandId, stream, count);
          expect(ids).toHaveLength(count);
          expect(new Set(ids).size).toBe(count);
          for (const id of ids) expect(z.uuid().safeParse(id).success).toBe(true);
          for (const id of ids.slice(1)) expect(id[14]).toBe('8'); // derived, never equal to a name-based (version 5) id
          expect(eventIds(commandId, stream, count)).toEqual(ids);
          ids.forEach((id, index) => expect(eventIdFor(commandId, index, stream)).toBe(id));
          expect(eventIds(commandId, `${stream}x`, count).some((id) => ids.includes(id))).toBe(
            false,
          );
        },
      ),
    );
  });

  it('give the events a command encodes exactly those ids', () => {
    const commandId = '0b5a3e0e-8c4f-4f59-9b0a-2f6f3c1d2e4a';
    const envelope = {
      actor: { id: 'ann', role: 'agent' as const },
      occurredAt: new Date('2026-11-23T09:00:00Z'),
      commandId,
      commandType: 'ResolveCall',
      correlationId: commandId,
      causationId: commandId,
    };
    const encoded = encodeEvents(
      [
        { type: 'CallResolved', data: {} },
        { type: 'CallResolved', data: {} },
      ] as never,
      'call-x',
      envelope,
    );
    expect(encoded.map((e) => e.id)).toEqual(eventIds(commandId, 'call-x', 2));
  });
});
