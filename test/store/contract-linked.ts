import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIdConflict, WrongExpectedRevision } from '../../src/store/errors.js';
import type {
  EventStore,
  EventToAppend,
  LinkedAppends,
  StreamAppend,
} from '../../src/store/port.js';
import { collect, event, unique } from './contract.js';

export interface LinkedFixture {
  readonly store: EventStore & LinkedAppends;
  dispose(): Promise<void>;
}

const part = (
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: StreamAppend['expectedRevision'] = 'any',
): StreamAppend => ({ streamName, events, expectedRevision });

/**
 * The contract of linked appends (port.ts): several first parts and a last one decided from
 * their results, all written in one transaction or none. Run against every store that has
 * them (memory, SQLite); EventStoreDB has none and is written part after part.
 */
export function linkedAppendsContract(name: string, open: () => Promise<LinkedFixture>): void {
  describe(`linked appends: ${name}`, () => {
    let fixture: LinkedFixture;
    let store: EventStore & LinkedAppends;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(() => fixture.dispose());

    const events = async (stream: string) =>
      (await collect(store.readStream(stream))).map((e) => e.type);

    it('writes a first part and the last one decided from its result (a call and its number)', async () => {
      const [numbers, call] = [unique('numbers'), unique('call')];
      await store.appendToStream(numbers, [event('Allocated')], { expectedRevision: 'any' });
      const [[first], last] = await store.appendLinked(
        [part(numbers, [event('Allocated')])],
        ([allocated]) =>
          part(
            call,
            [event('Logged', { number: Number(allocated!.nextExpectedRevision) })],
            'no_stream',
          ),
      );
      expect(first!.nextExpectedRevision).toBe(1n);
      expect(last).toMatchObject({ nextExpectedRevision: 0n, position: first!.position + 1n });
      expect((await collect(store.readStream(call))).map((e) => e.data)).toEqual([{ number: 1 }]);
    });

    it('writes two and three linked streams in order, each at its expected revision', async () => {
      const [week1, week2, legacy, call] = ['week1', 'week2', 'legacy', 'call'].map(unique);
      await store.appendToStream(week1!, [event('VisitBooked')], { expectedRevision: 'no_stream' });
      await store.appendToStream(legacy!, [event('VisitBooked')], {
        expectedRevision: 'no_stream',
      });
      const [two, last] = await store.appendLinked(
        [
          part(week1!, [event('VisitReleased')], 0n),
          part(week2!, [event('VisitBooked')], 'no_stream'),
        ],
        (results) => part(call!, [event('Moved', { parts: results.length })], 'no_stream'),
      );
      expect(two.map((r) => r.nextExpectedRevision)).toEqual([1n, 0n]);
      expect([two[1]!.position, last.position]).toEqual([
        two[0]!.position + 1n,
        two[0]!.position + 2n,
      ]);
      const [three] = await store.appendLinked(
        [
          part(legacy!, [event('VisitReleased')], 0n),
          part(week1!, [], 1n), // an expectation only: the revision the decision read
          part(week2!, [event('VisitMoved')], 0n),
        ],
        () => part(call!, [event('Moved')], 0n),
      );
      expect(three.map((r) => r.nextExpectedRevision)).toEqual([1n, 1n, 1n]);
      expect(await events(legacy!)).toEqual(['VisitBooked', 'VisitReleased']);
      expect(await events(week1!)).toEqual(['VisitBooked', 'VisitReleased']);
      expect(await events(week2!)).toEqual(['VisitBooked', 'VisitMoved']);
      expect(await events(call!)).toEqual(['Moved', 'Moved']);
    });

    for (const failing of [0, 1, 2, 3])
      it(`writes nothing when part ${failing + 1} of four fails its expected revision`, async () => {
        const streams = ['a', 'b', 'c', 'd'].map(unique);
        const before = (await collect(store.readAll())).length;
        const appending = store.appendLinked(
          streams
            .slice(0, 3)
            .map((s, i) => part(s, [event('E')], i === failing ? 5n : 'no_stream')),
          () => part(streams[3]!, [event('Last')], failing === 3 ? 5n : 'no_stream'),
        );
        await expect(appending).rejects.toBeInstanceOf(WrongExpectedRevision);
        for (const s of streams) expect(await events(s)).toEqual([]);
        expect(await collect(store.readAll())).toHaveLength(before);
      });

    it('writes nothing when an expectation-only part has moved on, or when deciding the last throws', async () => {
      const [guarded, week, call] = ['guarded', 'week', 'call'].map(unique);
      await store.appendToStream(guarded!, [event('A'), event('A')], {
        expectedRevision: 'no_stream',
      });
      const moved = store.appendLinked(
        [part(week!, [event('VisitBooked')], 'no_stream'), part(guarded!, [], 0n)],
        () => part(call!, [event('Scheduled')], 'no_stream'),
      );
      await expect(moved).rejects.toBeInstanceOf(WrongExpectedRevision);
      const refused = store.appendLinked([part(week!, [event('VisitBooked')])], () => {
        throw new Error('refused');
      });
      await expect(refused).rejects.toThrow('refused');
      expect(await events(week!)).toEqual([]);
      expect(await events(call!)).toEqual([]);
      // Nothing half-written stays behind: the streams take their first events at no_stream.
      await store.appendToStream(week!, [event('VisitBooked')], { expectedRevision: 'no_stream' });
      expect(await events(week!)).toEqual(['VisitBooked']);
    });

    it('writes nothing when a part repeats an event id or names no expected revision', async () => {
      const [numbers, call] = [unique('numbers'), unique('call')];
      const twice = event('Logged');
      const repeated = store.appendLinked([part(numbers, [event('Allocated')])], () =>
        part(call, [twice, twice], 'no_stream'),
      );
      await expect(repeated).rejects.toBeInstanceOf(EventIdConflict);
      const unnamed = store.appendLinked(
        [part(numbers, [event('Allocated')], 1.5 as unknown as bigint)],
        () => part(call, [event('Logged')], 'no_stream'),
      );
      await expect(unnamed).rejects.toMatchObject({ code: 'InvalidExpectedRevision' });
      expect(await events(numbers)).toEqual([]);
      expect(await events(call)).toEqual([]);
      // A number is taken as its bigint in a part too.
      await store.appendLinked([part(numbers, [event('Allocated')], 'no_stream')], () =>
        part(call, [event('Logged')], 'no_stream'),
      );
      await store.appendLinked([part(numbers, [event('Allocated')], 0 as unknown as bigint)], () =>
        part(call, [event('Logged')], 0 as unknown as bigint),
      );
      expect(await events(call)).toEqual(['Logged', 'Logged']);
    });

    it('answers a retried linked append with the original results and writes nothing new', async () => {
      const [numbers, week, call] = ['numbers', 'week', 'call'].map(unique);
      const first = [
        part(numbers!, [event('Allocated')]),
        part(week!, [event('VisitBooked')], 'no_stream'),
      ];
      const logged = [event('Logged')];
      const then = () => part(call!, logged, 'no_stream');
      const original = await store.appendLinked(first, then);
      // The same appends at once, and again later: each is recognised as the retry it is.
      const retries = await Promise.all([
        store.appendLinked(first, then),
        store.appendLinked(first, then),
      ]);
      const again = [
        original[0].map((result) => ({ ...result, alreadyStored: true })),
        { ...original[1], alreadyStored: true },
      ];
      expect(retries).toEqual([again, again]);
      expect(await store.appendLinked(first, then)).toEqual(again);
      for (const s of [numbers!, week!, call!]) expect(await events(s)).toHaveLength(1);
    });

    it('keeps a failed linked append from affecting the others appended with it', async () => {
      const [numbers, taken, free] = ['numbers', 'call', 'call'].map(unique);
      await store.appendToStream(taken!, [event('Logged')], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([
        store.appendLinked([part(numbers!, [event('Allocated')])], () =>
          part(taken!, [event('Logged')], 'no_stream'),
        ),
        store.appendLinked([part(numbers!, [event('Allocated')])], ([allocated]) =>
          part(
            free!,
            [event('Logged', { number: Number(allocated!.nextExpectedRevision) })],
            'no_stream',
          ),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      // The failed one's number was rolled back, so the survivor got the first number.
      expect((await collect(store.readStream(free!))).map((e) => e.data)).toEqual([{ number: 0 }]);
      expect(await events(numbers!)).toHaveLength(1);
    });
  });
}
