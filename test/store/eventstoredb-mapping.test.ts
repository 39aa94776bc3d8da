/**
 * The EventStoreDB adapter's translations, without a server. Reads go through the client's
 * own decoder (convertGrpcEvent) fed with the protobuf record the gRPC API defines, so the
 * shapes tested here are the ones the client really produces, not ones we imagine.
 */
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  UnavailableError,
  AccessDeniedError,
  CancelledError,
  WrongExpectedVersionError,
  type ResolvedEvent,
} from '@eventstore/db-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WrongExpectedRevision } from '../../src/store/errors.js';
import {
  UnreadableEvent,
  allRecordPosition,
  eventTypesRegex,
  fromAllResolvedEvent,
  fromAppendError,
  fromResolvedEvent,
  isRetryableSubscriptionError,
  isSystemEventType,
  packPosition,
  resubscribeDelay,
  toEsdbExpectedRevision,
  toEventData,
  toWrongExpectedRevision,
  unpackPosition,
} from '../../src/store/eventstoredb-mapping.js';
import type { EventToAppend, JsonObject, JsonValue } from '../../src/store/port.js';
import { decode, wireBytes } from '../support/esdb-wire.js';

const MAX_U64 = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: MAX_U64 });
const esdbPosition = fc.record({ commit: u64, prepare: u64 });

const appended = (overrides: Partial<EventToAppend> = {}): EventToAppend => ({
  id: '0b7e4c1d-2f3a-4e5b-8c6d-7e8f9a0b1c2d',
  type: 'CallLogged',
  data: {
    callId: 'c1',
    text: 'Ünïcode ✓ "quotes" \n newline',
    nested: { list: [1, 2.5, null, true], empty: {} },
  },
  metadata: { actor: { id: 'u1', role: 'agent' }, occurredAt: '2026-11-23T09:00:00.000Z' },
  ...overrides,
});

describe('eventstoredb mapping: expected revisions', () => {
  it('maps each expectation to the client constant of the same meaning', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
  });

  it('passes exact revisions through and reads -1n as no_stream, as the other stores do', () => {
    expect(toEsdbExpectedRevision(0n)).toBe(0n);
    expect(toEsdbExpectedRevision(41n)).toBe(41n);
    expect(toEsdbExpectedRevision(MAX_U64)).toBe(MAX_U64);
    expect(toEsdbExpectedRevision(-1n)).toBe(NO_STREAM);
  });

  it('refuses revisions EventStoreDB cannot represent', () => {
    expect(() => toEsdbExpectedRevision(-2n)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(MAX_U64 + 1n)).toThrow(RangeError);
  });
});

describe('eventstoredb mapping: global positions', () => {
  it('packs commit into the high and prepare into the low 64 bits', () => {
    expect(packPosition({ commit: 0n, prepare: 0n })).toBe(0n);
    expect(packPosition({ commit: 1n, prepare: 2n })).toBe((1n << 64n) + 2n);
    expect(unpackPosition((7n << 64n) | 9n)).toEqual({ commit: 7n, prepare: 9n });
    expect(packPosition({ commit: MAX_U64, prepare: MAX_U64 })).toBe((1n << 128n) - 1n);
  });

  it('round-trips every position losslessly', () => {
    fc.assert(
      fc.property(esdbPosition, (position) => {
        expect(unpackPosition(packPosition(position))).toEqual(position);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (packed) => {
        expect(packPosition(unpackPosition(packed))).toBe(packed);
      }),
    );
  });

  it('orders packed positions exactly as $all orders (commit, then prepare)', () => {
    const compare = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
    fc.assert(
      fc.property(esdbPosition, esdbPosition, (p, q) => {
        const expected = compare(p.commit, q.commit) || compare(p.prepare, q.prepare);
        expect(compare(packPosition(p), packPosition(q))).toBe(expected);
      }),
    );
    // Events of one explicit transaction share a commit and differ only by prepare.
    fc.assert(
      fc.property(u64, u64, u64, (commit, a, b) => {
        fc.pre(a < b);
        expect(packPosition({ commit, prepare: a }) < packPosition({ commit, prepare: b })).toBe(
          true,
        );
      }),
    );
  });

  it('refuses parts outside 64 unsigned bits and packed values outside 128', () => {
    expect(() => packPosition({ commit: 1n << 64n, prepare: 0n })).toThrow(RangeError);
    expect(() => packPosition({ commit: 0n, prepare: 1n << 64n })).toThrow(RangeError);
    expect(() => packPosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => packPosition({ commit: 0n, prepare: -1n })).toThrow(RangeError);
    expect(() => unpackPosition(-1n)).toThrow(RangeError);
    expect(() => unpackPosition(1n << 128n)).toThrow(RangeError);
  });
});

describe('eventstoredb mapping: append errors', () => {
  const wrong = (
    current: bigint | 'no_stream',
    expected: bigint | 'any' | 'no_stream' | 'stream_exists' = 'any',
  ) => new WrongExpectedVersionError(undefined, { streamName: 'call-7', expected, current });

  it('turns WrongExpectedVersionError into WrongExpectedRevision with stream, our expectation and actual', () => {
    const error = toWrongExpectedRevision(wrong(1n, 'any'), 'call-7', 0n);
    expect(error).toBeInstanceOf(WrongExpectedRevision);
    expect(error).toMatchObject({
      code: 'WrongExpectedRevision',
      streamName: 'call-7',
      expected: 0n,
      actual: 1n,
    });
  });

  it('reports a missing stream as actual -1n', () => {
    expect(toWrongExpectedRevision(wrong('no_stream'), 'call-7', 'stream_exists').actual).toBe(-1n);
    expect(toWrongExpectedRevision(wrong(-1n), 'call-7', 0n).actual).toBe(-1n);
  });

  it('keeps the expectation we sent even when the client echoes another', () => {
    for (const expected of ['no_stream', 'stream_exists', 'any', 3n] as const) {
      expect(toWrongExpectedRevision(wrong(5n, 'any'), 'call-7', expected).expected).toBe(expected);
    }
  });

  it('passes every other error through untouched', () => {
    const unavailable = new UnavailableError();
    expect(fromAppendError(unavailable, 'call-7', 'any')).toBe(unavailable);
    const plain = new Error('boom');
    expect(fromAppendError(plain, 'call-7', 'any')).toBe(plain);
    expect(fromAppendError(wrong(0n), 'call-7', 'no_stream')).toBeInstanceOf(WrongExpectedRevision);
  });
});

describe('eventstoredb mapping: events on the way in', () => {
  it('makes a JSON event with our id, type, data and metadata', () => {
    const event = appended();
    expect(toEventData(event)).toEqual({
      id: event.id,
      contentType: 'application/json',
      type: 'CallLogged',
      data: event.data,
      metadata: event.metadata,
    });
  });

  it('carries JSON values the client types do not name: numbers, booleans, null', () => {
    for (const data of [42, true, null, 'text', [1, 'a']] as JsonValue[]) {
      expect(toEventData(appended({ data })).data).toEqual(data);
    }
  });

  it('refuses data or metadata JSON cannot carry, before anything could be sent', () => {
    expect(() => toEventData(appended({ data: { amount: 1n } as unknown as JsonValue }))).toThrow(
      TypeError,
    );
    expect(() => toEventData(appended({ data: undefined as unknown as JsonValue }))).toThrow(
      TypeError,
    );
    expect(() => toEventData(appended({ metadata: { at: 2n } as unknown as JsonObject }))).toThrow(
      TypeError,
    );
  });
});

describe('eventstoredb mapping: events on the way out', () => {
  it('maps a recorded event read from a stream or $all', () => {
    const original = appended();
    const resolved = decode({
      id: original.id,
      streamName: 'call-c1',
      type: original.type,
      revision: 4n,
      position: { commit: 1200n, prepare: 1100n },
      data: wireBytes(original.data),
      metadata: wireBytes(original.metadata),
      createdMs: 1_763_888_400_123,
    });
    const expected = {
      id: original.id,
      type: 'CallLogged',
      streamName: 'call-c1',
      revision: 4n,
      position: packPosition({ commit: 1200n, prepare: 1100n }),
      data: original.data,
      metadata: original.metadata,
      recordedAt: new Date(1_763_888_400_123),
    };
    expect(fromResolvedEvent(resolved)).toEqual(expected);
    expect(fromAllResolvedEvent(resolved)).toEqual(expected);
    expect(allRecordPosition(resolved)).toBe(expected.position);
  });

  it('round-trips any JSON data and metadata through the wire encoding', () => {
    const metadata = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(fc.jsonValue() as fc.Arbitrary<JsonValue>, metadata, (data, meta) => {
        const sent = toEventData(appended({ data, metadata: meta }));
        const read = fromResolvedEvent(
          decode({
            type: sent.type,
            position: { commit: 1n, prepare: 1n },
            data: wireBytes(sent.data),
            metadata: wireBytes(sent.metadata),
          }),
        )!;
        // Compared as JSON text: JSON itself does not tell -0 from 0.
        expect(JSON.stringify(read.data)).toBe(JSON.stringify(data));
        expect(JSON.stringify(read.metadata)).toBe(JSON.stringify(meta));
      }),
    );
  });

  it('reads absent metadata as an empty object', () => {
    const read = fromResolvedEvent(
      decode({ type: 'A', position: { commit: 1n, prepare: 1n }, data: wireBytes({}) }),
    );
    expect(read!.metadata).toEqual({});
  });

  it('refuses what callstream never writes: binary data, non-object metadata, no position', () => {
    const binary = decode({
      type: 'A',
      position: { commit: 1n, prepare: 1n },
      contentType: 'application/octet-stream',
      data: new Uint8Array([1, 2]),
    });
    expect(() => fromResolvedEvent(binary)).toThrow(UnreadableEvent);
    const listMeta = decode({
      type: 'A',
      position: { commit: 1n, prepare: 1n },
      data: wireBytes({}),
      metadata: wireBytes([1]),
    });
    expect(() => fromResolvedEvent(listMeta)).toThrow(UnreadableEvent);
    const rawMeta = decode({
      type: 'A',
      position: { commit: 1n, prepare: 1n },
      data: wireBytes({}),
      metadata: Buffer.from('not json'),
    });
    expect(() => fromResolvedEvent(rawMeta)).toThrow(UnreadableEvent);
    const noPosition = {
      event: { ...decode({ type: 'A', data: wireBytes({}) }).event!, position: undefined },
    } as ResolvedEvent;
    expect(() => fromResolvedEvent(noPosition)).toThrow(UnreadableEvent);
  });

  it('leaves system events out of $all, but not events that merely mention a dollar', () => {
    for (const type of ['$metadata', '$statsCollected', '$>', '$ProjectionsInitialized']) {
      expect(isSystemEventType(type)).toBe(true);
      const resolved = decode({ type, position: { commit: 5n, prepare: 5n }, data: wireBytes({}) });
      expect(fromAllResolvedEvent(resolved)).toBeUndefined();
      // Paging still moves past it.
      expect(allRecordPosition(resolved)).toBe(packPosition({ commit: 5n, prepare: 5n }));
    }
    expect(isSystemEventType('Price$Changed')).toBe(false);
    expect(
      fromAllResolvedEvent(
        decode({
          type: 'Price$Changed',
          position: { commit: 5n, prepare: 5n },
          data: wireBytes({}),
        }),
      ),
    ).toBeDefined();
    expect(fromAllResolvedEvent({})).toBeUndefined();
  });
});

describe('eventstoredb mapping: subscription filter and retries', () => {
  it('matches exactly the given event types, not their prefixes or look-alikes', () => {
    const types = ['Keep', 'Call.Logged', 'a+b', 'x|y', 'Is$', 'Tab\tType'];
    const regex = new RegExp(eventTypesRegex(types));
    for (const type of types) expect(regex.test(type)).toBe(true);
    for (const type of ['Keeper', 'Keep2', 'xKeep', 'CallXLogged', 'aab', 'x', 'y', 'Is', ''])
      expect(regex.test(type)).toBe(false);
    expect(new RegExp(eventTypesRegex([])).test('Anything')).toBe(false);
  });

  it('retries what a reconnect can cure and stops on what it cannot', () => {
    expect(isRetryableSubscriptionError(new UnavailableError())).toBe(true);
    expect(isRetryableSubscriptionError(new CancelledError())).toBe(true);
    expect(isRetryableSubscriptionError(new Error('Failed to discover after 10 attempts.'))).toBe(
      true,
    );
    expect(isRetryableSubscriptionError(new Error('EventStoreDB ended the subscription'))).toBe(
      true,
    );
    expect(isRetryableSubscriptionError(new AccessDeniedError())).toBe(false);
    expect(isRetryableSubscriptionError(new UnreadableEvent('binary'))).toBe(false);
    expect(isRetryableSubscriptionError(new RangeError('position'))).toBe(false);
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => resubscribeDelay(attempt, 100, 5000))).toEqual(
      [100, 200, 400, 800, 1600, 3200, 5000, 5000],
    );
    expect(resubscribeDelay(10_000, 100, 5000)).toBe(5000);
  });
});
