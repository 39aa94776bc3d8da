/**
 * The seal on EventStoreDB, on the pure translations (no server): what an append sends, what
 * a read gives back, and how an append is planned on the stream's tail. The shared contract
 * checks the same against a real server when one is named (eventstoredb.test.ts).
 */
import type { EventData } from '@eventstore/db-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamSealCheck } from '../../src/audit/verify-stream.js';
import { CorruptedHistory, WrongExpectedRevision } from '../../src/store/errors.js';
import { fromResolvedEvent } from '../../src/store/eventstoredb-mapping.js';
import {
  STREAM_HASH,
  canonicalEvent,
  planSealedAppend,
  sealedEventData,
  sealedRowOf,
  type StreamTailEvent,
} from '../../src/store/eventstoredb-seal.js';
import type { EventToAppend, JsonObject, JsonValue } from '../../src/store/port.js';
import { GENESIS, streamHash } from '../../src/store/seal.js';
import { decode, wireBytes } from '../support/esdb-wire.js';

const ids = [
  '6f1c2a5e-8d2b-4b53-9c51-0a4f3c7e2d11',
  '0B7E4F52-6A1D-4C1E-9F3B-2D8C5A7E9B01', // uppercase: the server gives it back in lowercase
  '2c9d1e4f-3b5a-4d6e-8f70-1a2b3c4d5e6f',
];
const appended = (index: number, data: JsonValue = { n: index }): EventToAppend => ({
  id: ids[index]!,
  type: index === 0 ? 'CallLogged' : 'TimeBooked',
  data,
  metadata: { schemaVersion: 1, actor: { id: 'eve', role: 'engineer' } },
});

/** What a read of the stream gives back for what the client sent, at revisions from `first`. */
function readBack(stream: string, first: bigint, sent: readonly EventData[]) {
  return sent.map((data, index) =>
    decode({
      id: data.id,
      streamName: stream,
      type: data.type,
      revision: first + BigInt(index),
      position: { commit: 100n + BigInt(index), prepare: 100n + BigInt(index) },
      data: wireBytes(data.data),
      metadata: wireBytes(data.metadata),
    }),
  );
}

describe('the seal on EventStoreDB: what an append sends', () => {
  it('puts in each event’s metadata the stream hash chaining it to the one before', () => {
    const events = [appended(0), appended(1), appended(2)];
    const sent = sealedEventData('call-1', 0n, GENESIS, events);
    let link = GENESIS;
    events.forEach((event, index) => {
      link = streamHash(link, canonicalEvent('call-1', BigInt(index), event));
      expect(sent[index]!.metadata).toEqual({
        ...event.metadata,
        [STREAM_HASH]: link.toString('hex'),
      });
      expect(sent[index]!.data).toEqual(event.data);
    });
  });

  it('chains from the event it is appended after, at the revision it will have', () => {
    const previous = streamHash(GENESIS, canonicalEvent('call-1', 4n, appended(0)));
    const [sent] = sealedEventData('call-1', 5n, previous, [appended(1)]);
    const expected = streamHash(previous, canonicalEvent('call-1', 5n, appended(1)));
    expect((sent!.metadata as JsonObject)[STREAM_HASH]).toBe(expected.toString('hex'));
  });

  it('refuses metadata that brings its own seal', () => {
    const forged = { ...appended(0), metadata: { [STREAM_HASH]: '00'.repeat(32) } };
    expect(() => sealedEventData('call-1', 0n, GENESIS, [forged])).toThrow(TypeError);
  });
});

describe('the seal on EventStoreDB: what a read gives back', () => {
  it('verifies the stream read back, for any JSON the events carry (property)', () => {
    const json = fc.jsonValue() as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), (data) => {
        const events = data.map((value, index) => appended(index, value));
        const rows = readBack('call-1', 0n, sealedEventData('call-1', 0n, GENESIS, events)).map(
          (resolved) => sealedRowOf(resolved.event!, 1n),
        );
        const check = new StreamSealCheck('call-1', undefined);
        for (const row of rows) check.next(row);
        expect(rows.every((row) => row.hash !== null && row.chain === null)).toBe(true);
      }),
    );
  });

  it('shows callers the metadata they appended, without the seal', () => {
    const [resolved] = readBack(
      'call-1',
      0n,
      sealedEventData('call-1', 0n, GENESIS, [appended(0)]),
    );
    expect(fromResolvedEvent(resolved!)!.metadata).toEqual(appended(0).metadata);
  });

  it('finds an event changed on the server, a missing revision and a missing seal', () => {
    const sent = sealedEventData('call-1', 0n, GENESIS, [appended(0), appended(1), appended(2)]);
    const rows = () => readBack('call-1', 0n, sent).map((r) => sealedRowOf(r.event!, 1n));
    const verify = (stored: ReturnType<typeof rows>) => {
      const check = new StreamSealCheck('call-1', undefined);
      for (const row of stored) check.next(row);
    };
    const edited = rows();
    edited[1] = { ...edited[1]!, data: '{"n":9}' };
    expect(() => verify(edited)).toThrow(CorruptedHistory);
    expect(() => verify(rows().filter((row) => row.revision !== 1n))).toThrow(
      /revision 1 is missing/,
    );
    const unsealed = readBack('call-1', 0n, [{ ...sent[0]!, metadata: appended(0).metadata }]).map(
      (r) => sealedRowOf(r.event!, 1n),
    );
    expect(unsealed[0]!.hash).toBeNull();
    expect(() => verify(unsealed)).toThrow(/carries no seal/);
  });
});

describe('the seal on EventStoreDB: planning an append on the stream’s tail', () => {
  const tailOf = (stream: string, count: number): StreamTailEvent[] => {
    const events = Array.from({ length: count }, (_, index) => appended(index));
    return readBack(stream, 0n, sealedEventData(stream, 0n, GENESIS, events))
      .map(({ event }) => ({
        id: event!.id,
        revision: event!.revision,
        position: 100n + event!.revision,
        hash: sealedRowOf(event!, 1n).hash,
      }))
      .reverse();
  };

  it('starts a new stream from genesis', () => {
    expect(planSealedAppend('s', 'no_stream', [appended(0)], [])).toEqual({
      kind: 'append',
      after: -1n,
      previous: GENESIS,
    });
    expect(planSealedAppend('s', 'any', [appended(0)], [])).toEqual({
      kind: 'append',
      after: -1n,
      previous: GENESIS,
    });
  });

  it('sends any and stream_exists as the exact revision read, chained from that event', () => {
    const tail = tailOf('s', 2);
    for (const expected of ['any', 'stream_exists'] as const)
      expect(planSealedAppend('s', expected, [appended(2)], tail)).toEqual({
        kind: 'append',
        after: 1n,
        previous: Buffer.from(tail[0]!.hash!, 'hex'),
      });
  });

  it('chains an exact revision from the event at it', () => {
    const tail = tailOf('s', 2);
    expect(planSealedAppend('s', 0n, [appended(2)], [], tail[1])).toEqual({
      kind: 'append',
      after: 0n,
      previous: Buffer.from(tail[1]!.hash!, 'hex'),
    });
  });

  it('refuses what the stream contradicts, naming its actual revision', () => {
    expect(() => planSealedAppend('s', 'stream_exists', [appended(0)], [])).toThrow(
      WrongExpectedRevision,
    );
    const refusal = (() => {
      try {
        planSealedAppend('s', 5n, [appended(2)], tailOf('s', 2));
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toMatchObject({ expected: 5n, actual: 1n });
  });

  it('recognises a retry under any when its events are the stream’s last (in order), and only then', () => {
    const tail = tailOf('s', 3); // events 0, 1, 2
    expect(planSealedAppend('s', 'any', [appended(1), appended(2)], tail)).toEqual({
      kind: 'retry',
      nextExpectedRevision: 2n,
      position: 102n,
    });
    expect(planSealedAppend('s', 'any', [appended(0)], tail)).toMatchObject({
      kind: 'retry',
      nextExpectedRevision: 0n,
    });
    expect(planSealedAppend('s', 'any', [appended(2), appended(1)], tail)).toMatchObject({
      kind: 'append',
    });
  });

  it('chains from genesis after an event written before sealing', () => {
    const [last] = tailOf('s', 1);
    expect(planSealedAppend('s', 'any', [appended(1)], [{ ...last!, hash: null }])).toEqual({
      kind: 'append',
      after: 0n,
      previous: GENESIS,
    });
  });
});
