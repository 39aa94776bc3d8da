import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamSealCheck } from '../../src/audit/verify-stream.js';
import { EventIdConflict, WrongExpectedRevision } from '../../src/store/errors.js';
import type { AuditableStore } from '../../src/store/seal.js';
import {
  supportsEventIdLookup,
  supportsSynchronousReads,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
} from '../../src/store/port.js';

export interface StoreFixture {
  readonly store: EventStore;
  /** Closes the store and removes what it left behind. */
  dispose(): Promise<void>;
}

let counter = 0;
/** Unique names, so the suite also runs against a shared server (EventStoreDB). */
export const unique = (prefix: string): string =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const event = (
  type: string,
  data: Record<string, unknown> = {},
  id = unique('evt'),
): EventToAppend => ({
  id: uuidLike(id),
  type,
  data: data as EventToAppend['data'],
  metadata: { source: 'contract' },
});

/** EventStoreDB wants UUIDs as event ids: derive a stable one from any label. */
function uuidLike(label: string): string {
  let h1 = 0x811c9dc5,
    h2 = 0x1234567,
    h3 = 0x9e3779b9,
    h4 = 0x7f4a7c15;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0x27d4eb2d);
    h4 = Math.imul(h4 ^ c, 0x165667b1);
  }
  const hex = [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

/** Events of our streams only: a shared store holds other tests' events too. */
async function readAllOf(store: EventStore, streams: readonly string[]): Promise<RecordedEvent[]> {
  const wanted = new Set(streams);
  return (await collect(store.readAll())).filter((e) => wanted.has(e.streamName));
}

/**
 * The behaviour every event store adapter must show. A new adapter only has to supply a
 * fixture factory; see memory.test.ts and sqlite.test.ts.
 */
export interface StoreCapabilities {
  /**
   * The embedded stores keep one index of event ids and refuse an id already stored,
   * in any stream, that is not a retry. EventStoreDB uses ids only to recognise a retry
   * (its idempotency), so the port promises no more than that.
   */
  readonly uniqueEventIds?: boolean;
  /** The store says when an append was a retry it already held (alreadyStored). */
  readonly reportsRetries?: boolean;
  /** The store seals each event into its stream's chain and reads the seals back (see store/seal.ts). */
  readonly sealed?: boolean;
}

type SealedStreams = Pick<AuditableStore, 'readSealedStream'>;
const hasSealedStreams = (store: object): store is SealedStreams =>
  typeof (store as Partial<SealedStreams>).readSealedStream === 'function';

/** A stream's stored events checked against their seals (throws CorruptedHistory at a break). */
async function checkStreamSeal(store: EventStore, stream: string): Promise<number> {
  if (!hasSealedStreams(store)) throw new Error('This store reads no seals back');
  const rows = await store.readSealedStream(stream);
  const check = new StreamSealCheck(stream, undefined);
  for (const row of rows) {
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    check.next(row);
  }
  return rows.length;
}

export function eventStoreContract(
  name: string,
  open: () => Promise<StoreFixture>,
  capabilities: StoreCapabilities = {},
): void {
  describe(`event store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: EventStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => fixture.dispose());

    describe('appending', () => {
      it('creates a stream with no_stream and returns the revision of its last event and its position', async () => {
        const stream = unique('call');
        const result = await store.appendToStream(stream, [event('A'), event('B')], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(1n);
        const events = await collect(store.readStream(stream));
        expect(events.map((e) => [e.type, e.revision])).toEqual([
          ['A', 0n],
          ['B', 1n],
        ]);
        expect(result.position).toBe(events[1]!.position);
      });

      it('appends at an exact expected revision', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [event('B')], { expectedRevision: 0n });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('refuses a wrong revision with a typed error naming stream, expected and actual, and writes nothing', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('A'), event('B')], {
          expectedRevision: 'no_stream',
        });
        const attempt = store.appendToStream(stream, [event('C')], { expectedRevision: 0n });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevision);
        await attempt.catch((error: unknown) => {
          if (!(error instanceof WrongExpectedRevision)) throw error;
          expect(error.streamName).toBe(stream);
          expect(error.expected).toBe(0n);
          expect(error.actual).toBe(1n);
        });
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('refuses no_stream when the stream exists', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(stream, [event('B')], { expectedRevision: 'no_stream' }),
        ).rejects.toMatchObject({
          code: 'WrongExpectedRevision',
          actual: 0n,
        });
      });

      it('refuses stream_exists and a numeric revision when the stream does not exist', async () => {
        const stream = unique('call');
        await expect(
          store.appendToStream(stream, [event('A')], { expectedRevision: 'stream_exists' }),
        ).rejects.toMatchObject({
          code: 'WrongExpectedRevision',
          actual: -1n,
        });
        await expect(
          store.appendToStream(stream, [event('A')], { expectedRevision: 0n }),
        ).rejects.toBeInstanceOf(WrongExpectedRevision);
        expect(await collect(store.readStream(stream))).toEqual([]);
      });

      it('accepts stream_exists on an existing stream and any in every case', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('A')], { expectedRevision: 'any' });
        await store.appendToStream(stream, [event('B')], { expectedRevision: 'stream_exists' });
        const result = await store.appendToStream(stream, [event('C')], {
          expectedRevision: 'any',
        });
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('treats a retried append (same event ids, same expectation) as done, without duplicates', async () => {
        const stream = unique('call');
        const batch = [event('A'), event('B')];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        expect(again).toEqual(
          capabilities.reportsRetries ? { ...first, alreadyStored: true } : first,
        );
        const next = [event('C')];
        const third = await store.appendToStream(stream, next, { expectedRevision: 1n });
        expect(await store.appendToStream(stream, next, { expectedRevision: 1n })).toEqual(
          capabilities.reportsRetries ? { ...third, alreadyStored: true } : third,
        );
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual([
          'A',
          'B',
          'C',
        ]);
      });

      it('treats a retried append with expectation any as done', async () => {
        const stream = unique('numbers');
        const batch = [event('A')];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'any' });
        await store.appendToStream(stream, [event('B')], { expectedRevision: 'any' });
        expect(await store.appendToStream(stream, batch, { expectedRevision: 'any' })).toEqual(
          capabilities.reportsRetries ? { ...first, alreadyStored: true } : first,
        );
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('judges a retry first, then the expectation', async () => {
        const stream = unique('call');
        const [a, b, c] = [event('A'), event('B'), event('C')];
        await store.appendToStream(stream, [a, b, c], { expectedRevision: 'no_stream' });
        // B and C stand where expectation 0 puts them: a retry of an append that is stored.
        expect(
          (await store.appendToStream(stream, [b, c], { expectedRevision: 0n }))
            .nextExpectedRevision,
        ).toBe(2n);
        // The same events at an expectation that could not have produced them: the expectation fails.
        await expect(
          store.appendToStream(stream, [b, c], { expectedRevision: 1n }),
        ).rejects.toBeInstanceOf(WrongExpectedRevision);
        await expect(
          store.appendToStream(stream, [c, event('D')], { expectedRevision: 0n }),
        ).rejects.toBeInstanceOf(WrongExpectedRevision);
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual([
          'A',
          'B',
          'C',
        ]);
      });

      it.runIf(capabilities.uniqueEventIds)(
        'refuses, when the expectation holds, an event id already stored in the stream',
        async () => {
          const stream = unique('call');
          const [a, b, c] = [event('A'), event('B'), event('C')];
          await store.appendToStream(stream, [a, b, c], { expectedRevision: 'no_stream' });
          await expect(
            store.appendToStream(stream, [c, event('D')], { expectedRevision: 2n }),
          ).rejects.toBeInstanceOf(EventIdConflict);
          await expect(
            store.appendToStream(stream, [event('D'), b], { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(EventIdConflict);
          expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual([
            'A',
            'B',
            'C',
          ]);
        },
      );

      it.runIf(capabilities.uniqueEventIds)(
        'refuses an event id already stored in another stream',
        async () => {
          const reused = event('A');
          await store.appendToStream(unique('call'), [reused], { expectedRevision: 'no_stream' });
          const other = unique('call');
          await expect(
            store.appendToStream(other, [reused], { expectedRevision: 'no_stream' }),
          ).rejects.toBeInstanceOf(EventIdConflict);
          expect(await collect(store.readStream(other))).toEqual([]);
        },
      );

      it.runIf(!capabilities.uniqueEventIds)(
        'stores an event id again in another stream, where it is no retry',
        async () => {
          const reused = event('A');
          const first = unique('call');
          const other = unique('call');
          await store.appendToStream(first, [reused], { expectedRevision: 'no_stream' });
          await store.appendToStream(other, [reused], { expectedRevision: 'no_stream' });
          const [stored] = await collect(store.readStream(other));
          expect(stored).toMatchObject({ id: reused.id, streamName: other, revision: 0n });
          expect(supportsEventIdLookup(store)).toBe(false);
        },
      );

      it.runIf(capabilities.uniqueEventIds)(
        'names the stream an event id is stored in, as ids are unique across streams',
        async () => {
          expect(supportsEventIdLookup(store)).toBe(true);
          if (!supportsEventIdLookup(store)) return;
          const stream = unique('call');
          const [a, b] = [event('A'), event('B')];
          await store.appendToStream(stream, [a, b], { expectedRevision: 'no_stream' });
          expect(await store.streamOfEvent(b.id)).toBe(stream);
          expect(await store.streamOfEvent(event('never stored').id)).toBeUndefined();
        },
      );

      it('refuses an append that gives one event id to two of its events, writing none of it, whatever its expectation', async () => {
        const stream = unique('call');
        const [a, b] = [event('A'), event('B')];
        const twice = store.appendToStream(stream, [a, b, { ...a, type: 'A again' }], {
          expectedRevision: 'no_stream',
        });
        await expect(twice).rejects.toBeInstanceOf(EventIdConflict);
        await twice.catch((error: unknown) => {
          if (!(error instanceof EventIdConflict)) throw error;
          expect(error.eventId).toBe(a.id);
          expect(error.streamName).toBe(stream);
          expect(error.message).toContain('more than one event of this append');
        });
        expect(await collect(store.readStream(stream))).toEqual([]);
        await store.appendToStream(stream, [a], { expectedRevision: 'no_stream' });
        const c = event('C');
        for (const expectedRevision of [0n, 'any', 'stream_exists', 7n, 'no_stream'] as const)
          await expect(
            store.appendToStream(stream, [c, event('D'), c], { expectedRevision }),
          ).rejects.toBeInstanceOf(EventIdConflict);
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A']);
        // Refused, not half-remembered: the same event appended once is an ordinary append.
        await store.appendToStream(stream, [c], { expectedRevision: 0n });
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'C']);
      });

      it('takes an expected revision given as a safe non-negative integer number as that bigint', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
        const b = [event('B')];
        const asNumber = await store.appendToStream(stream, b, {
          expectedRevision: 0 as unknown as ExpectedRevision,
        });
        expect(asNumber.nextExpectedRevision).toBe(1n);
        // A retry of it with 0n is recognised, as it would be had 0n been given the first time.
        expect(await store.appendToStream(stream, b, { expectedRevision: 0n })).toEqual(
          capabilities.reportsRetries ? { ...asNumber, alreadyStored: true } : asNumber,
        );
        expect(
          (await store.appendToStream(stream, [], { expectedRevision: 1 as unknown as bigint }))
            .nextExpectedRevision,
        ).toBe(1n);
        const stale = store.appendToStream(stream, [event('C')], {
          expectedRevision: 0 as unknown as bigint,
        });
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevision);
        await expect(stale).rejects.toMatchObject({ expected: 0n, actual: 1n });
        await expect(stale).rejects.toThrow('was expected at revision 0 but is at 1');
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('refuses an expected revision that is neither a bigint, a safe non-negative integer nor a named one, writing nothing', async () => {
        const stream = unique('call');
        const fresh = unique('call');
        await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
        const given: Array<[unknown, string]> = [
          [1.5, '1.5'],
          [-1, '-1'],
          [NaN, 'NaN'],
          ['0', '"0"'],
          [2 ** 53, '9007199254740992'],
          ['NO_STREAM', '"NO_STREAM"'],
          [undefined, 'undefined'],
          [null, 'null'],
        ];
        for (const [value, shown] of given)
          for (const [name, events] of [
            [stream, [event('B')]],
            [fresh, [event('B')]],
            [stream, []],
          ] as const) {
            const attempt = store.appendToStream(name, events, {
              expectedRevision: value as ExpectedRevision,
            });
            await expect(attempt).rejects.toBeInstanceOf(TypeError);
            await expect(attempt).rejects.toMatchObject({
              code: 'InvalidExpectedRevision',
              streamName: name,
            });
            await expect(attempt).rejects.toThrow(
              `The expected revision of an append to "${name}" is ${shown}`,
            );
          }
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A']);
        expect(await collect(store.readStream(fresh))).toEqual([]);
      });

      it('writes nothing of an append whose data cannot be stored', async () => {
        const stream = unique('call');
        const bad = { ...event('B'), data: { amount: 1n } as unknown as EventToAppend['data'] };
        await expect(
          store.appendToStream(stream, [event('A'), bad], { expectedRevision: 'no_stream' }),
        ).rejects.toThrow();
        expect(await collect(store.readStream(stream))).toEqual([]);
      });

      it('keeps type, data, metadata, id and recorded time exactly', async () => {
        const stream = unique('call');
        const original = {
          ...event('CallLogged'),
          data: {
            text: 'Ünïcode ✓ "quotes" \n newline',
            nested: { list: [1, 2.5, null, true], empty: {} },
          },
          metadata: { actor: { id: 'u1', role: 'agent' }, occurredAt: '2026-11-23T09:00:00.000Z' },
        };
        const before = Date.now();
        await store.appendToStream(stream, [original], { expectedRevision: 'no_stream' });
        const [stored] = await collect(store.readStream(stream));
        expect(stored).toMatchObject({
          id: original.id,
          type: 'CallLogged',
          streamName: stream,
          revision: 0n,
        });
        expect(stored!.data).toEqual(original.data);
        expect(stored!.metadata).toEqual(original.metadata);
        expect(stored!.recordedAt).toBeInstanceOf(Date);
        expect(stored!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
        expect(typeof stored!.position).toBe('bigint');
      });

      it('keeps a stored event as it was appended, whatever callers do with the objects they appended or read', async () => {
        const stream = unique('call');
        const appended = {
          ...event('CallLogged'),
          data: { text: 'as logged', nested: { list: [1, 2] } },
          metadata: { actor: { id: 'u1', role: 'agent' } },
        };
        await store.appendToStream(stream, [appended], { expectedRevision: 'no_stream' });
        appended.data.nested.list.push(3);
        appended.data.text = 'changed after the append';
        appended.metadata.actor.id = 'someone else';
        const [first] = await collect(store.readStream(stream));
        (first!.data as { nested: { list: number[] } }).nested.list.push(4);
        (first!.metadata as { actor: { id: string } }).actor.id = 'changed by a reader';
        const [again] = await collect(store.readStream(stream));
        expect(again!.data).toEqual({ text: 'as logged', nested: { list: [1, 2] } });
        expect(again!.metadata).toEqual({ actor: { id: 'u1', role: 'agent' } });
      });
    });

    describe('reading', () => {
      it('reads a missing stream as empty', async () => {
        expect(await collect(store.readStream(unique('missing')))).toEqual([]);
      });

      it('reads a stream forwards and backwards from a revision, up to a count', async () => {
        const stream = unique('call');
        await store.appendToStream(
          stream,
          ['A', 'B', 'C', 'D', 'E'].map((t) => event(t)),
          { expectedRevision: 'no_stream' },
        );
        const types = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await collect(store.readStream(stream, options))).map((e) => e.type).join('');
        expect(await types({})).toBe('ABCDE');
        expect(await types({ fromRevision: 2n })).toBe('CDE');
        expect(await types({ fromRevision: 1n, maxCount: 2 })).toBe('BC');
        expect(await types({ direction: 'backwards' })).toBe('EDCBA');
        expect(await types({ direction: 'backwards', fromRevision: 2n, maxCount: 2 })).toBe('CB');
        expect(await types({ direction: 'backwards', maxCount: 1 })).toBe('E');
      });

      it('reads all events in global order with strictly increasing, stable positions', async () => {
        const a = unique('call');
        const b = unique('call');
        await store.appendToStream(a, [event('A1')], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [event('B1'), event('B2')], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(a, [event('A2')], { expectedRevision: 0n });
        const first = await readAllOf(store, [a, b]);
        expect(first.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        for (let i = 1; i < first.length; i++)
          expect(first[i]!.position > first[i - 1]!.position).toBe(true);
        const second = await readAllOf(store, [a, b]);
        expect(second.map((e) => e.position)).toEqual(first.map((e) => e.position));
      });

      it('reads all from a position (inclusive) up to a count', async () => {
        const stream = unique('call');
        await store.appendToStream(
          stream,
          ['A', 'B', 'C', 'D'].map((t) => event(t)),
          { expectedRevision: 'no_stream' },
        );
        const mine = await readAllOf(store, [stream]);
        const fromB = await collect(
          store.readAll({ fromPosition: mine[1]!.position, maxCount: 2 }),
        );
        expect(fromB.map((e) => e.type)).toEqual(['B', 'C']);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(mine[3]!.position);
      });

      it('reads across many pages without losing or repeating an event', async () => {
        const stream = unique('call');
        const batch = Array.from({ length: 2500 }, (_, i) => event('N', { i }));
        await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(stream));
        expect(read.map((e) => (e.data as { i: number }).i)).toEqual(batch.map((_, i) => i));
        const backwards = await collect(store.readStream(stream, { direction: 'backwards' }));
        expect(backwards.length).toBe(2500);
        expect((backwards[0]!.data as { i: number }).i).toBe(2499);
      });

      it('hands over pages, where it can, with exactly what the asynchronous reads give', async () => {
        if (!supportsSynchronousReads(store)) return; // an optional capability (EventStoreDB has none)
        const stream = unique('call');
        await store.appendToStream(
          stream,
          Array.from({ length: 7 }, (_, i) => event('N', { i })),
          { expectedRevision: 'no_stream' },
        );
        expect(store.readStreamPage(stream, 2n, 3)).toEqual(
          await collect(store.readStream(stream, { fromRevision: 2n, maxCount: 3 })),
        );
        expect(store.readStreamPage(unique('none'), 0n, 3)).toEqual([]);
        const [first] = await collect(store.readStream(stream));
        const after = first!.position - 1n;
        expect(store.readPageAfter(after, 5)).toEqual(
          await collect(store.readAll({ fromPosition: first!.position, maxCount: 5 })),
        );
      });

      it('hands over a page of some types only, the others passed over in order', async () => {
        if (!supportsSynchronousReads(store)) return;
        const stream = unique('call');
        const types = ['A', 'B', 'C', 'B', 'A', 'C', 'C', 'B'];
        await store.appendToStream(
          stream,
          types.map((type, i) => event(type, { i })),
          { expectedRevision: 'no_stream' },
        );
        const all = await collect(store.readStream(stream));
        const after = all[0]!.position - 1n;
        const wanted = new Set(['B', 'C']);
        const ofTypes = all.filter((e) => wanted.has(e.type));
        expect(store.readPageAfter(after, 100, wanted).slice(0, ofTypes.length)).toEqual(ofTypes);
        expect(store.readPageAfter(after, 3, wanted)).toEqual(ofTypes.slice(0, 3));
        // From the middle of the stream on, exclusive of the position given, as without types.
        expect(store.readPageAfter(all[3]!.position, 2, wanted)).toEqual(ofTypes.slice(3, 5));
        expect(store.readPageAfter(after, 5, new Set(['none-such']))).toEqual([]);
      });
    });

    describe.runIf(capabilities.sealed)('sealing', () => {
      it('chains every event to the one before in its stream, from genesis, whatever the expectation', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('A'), event('B')], {
          expectedRevision: 'no_stream',
        });
        const c = [event('C')];
        await store.appendToStream(stream, c, { expectedRevision: 1n });
        await store.appendToStream(stream, [event('D')], { expectedRevision: 'any' });
        await store.appendToStream(stream, [event('E')], { expectedRevision: 'stream_exists' });
        // Retries store nothing, so they seal nothing.
        await store.appendToStream(stream, c, { expectedRevision: 1n });
        await expect(checkStreamSeal(store, stream)).resolves.toBe(5);
        const [read] = await collect(store.readStream(stream, { maxCount: 1 }));
        expect(read!.metadata).toEqual({ source: 'contract' }); // the seal is the store's, not the caller's
      });

      it('keeps one chain per stream while appenders race with expectation any', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('Start')], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.appendToStream(stream, [event(`Racer${i}`), event(`Then${i}`)], {
              expectedRevision: 'any',
            }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
        await expect(checkStreamSeal(store, stream)).resolves.toBe(21);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of many appenders racing on one revision win', async () => {
        const stream = unique('call');
        await store.appendToStream(stream, [event('Start')], { expectedRevision: 'no_stream' });
        const racers = Array.from({ length: 20 }, (_, i) =>
          store.appendToStream(stream, [event(`Racer${i}`)], { expectedRevision: 0n }),
        );
        const outcomes = await Promise.allSettled(racers);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o) => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((o) => o.reason instanceof WrongExpectedRevision)).toBe(true);
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });

      it('lets exactly one of many racing stream creations win', async () => {
        const stream = unique('call');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.appendToStream(stream, [event(`C${i}`)], { expectedRevision: 'no_stream' }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      });

      it('accepts many concurrent appends to different streams, each atomic and in order', async () => {
        const streams = Array.from({ length: 64 }, () => unique('call'));
        const results = await Promise.all(
          streams.map((s) =>
            store.appendToStream(s, [event('A'), event('B'), event('C')], {
              expectedRevision: 'no_stream',
            }),
          ),
        );
        expect(results.every((r) => r.nextExpectedRevision === 2n)).toBe(true);
        const all = await readAllOf(store, streams);
        expect(all).toHaveLength(192);
        expect(new Set(all.map((e) => e.position)).size).toBe(192);
        for (const s of streams) {
          const own = all.filter((e) => e.streamName === s);
          expect(own.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        }
      });
    });

    describe('catch-up subscription to all', () => {
      it('delivers history, then live appends, in order, without gaps or duplicates', async () => {
        const stream = unique('sub');
        await store.appendToStream(stream, [event('H1'), event('H2')], {
          expectedRevision: 'no_stream',
        });
        const subscription = store.subscribeToAll();
        const seen: RecordedEvent[] = [];
        const done = (async () => {
          for await (const e of subscription) {
            if (e.streamName !== stream) continue;
            seen.push(e);
            if (seen.length === 12) break;
          }
        })();
        // Live appends, some concurrent, while the subscription catches up.
        let revision = 1n;
        for (let i = 0; i < 5; i++) {
          const result = await store.appendToStream(stream, [event(`L${i}a`), event(`L${i}b`)], {
            expectedRevision: revision,
          });
          revision = result.nextExpectedRevision;
        }
        await done;
        await subscription.close();
        expect(seen.map((e) => e.type)).toEqual([
          'H1',
          'H2',
          'L0a',
          'L0b',
          'L1a',
          'L1b',
          'L2a',
          'L2b',
          'L3a',
          'L3b',
          'L4a',
          'L4b',
        ]);
        for (let i = 1; i < seen.length; i++)
          expect(seen[i]!.position > seen[i - 1]!.position).toBe(true);
      });

      it('resumes after a position (exclusive) and filters by event type', async () => {
        const stream = unique('sub');
        await store.appendToStream(
          stream,
          [event('Keep'), event('Skip'), event('Keep'), event('Keep')],
          {
            expectedRevision: 'no_stream',
          },
        );
        const mine = await readAllOf(store, [stream]);
        const subscription = store.subscribeToAll({
          afterPosition: mine[0]!.position,
          eventTypes: ['Keep'],
        });
        const seen: RecordedEvent[] = [];
        for await (const e of subscription) {
          if (e.streamName === stream) seen.push(e);
          if (seen.length === 2) break;
        }
        await subscription.close();
        expect(seen.map((e) => e.revision)).toEqual([2n, 3n]);
      });

      it('ends its iteration when closed while waiting for events', async () => {
        const subscription = store.subscribeToAll({
          afterPosition: (await store.headPosition()) ?? undefined,
        });
        const iteration = (async () => {
          let n = 0;
          for await (const _ of subscription) n++;
          return n;
        })();
        await new Promise((r) => setTimeout(r, 20));
        await subscription.close();
        expect(await iteration).toBeGreaterThanOrEqual(0);
      });
    });
  });
}
