import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevision } from '../../src/store/errors.js';
import type { EventToAppend } from '../../src/store/port.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { collect, event, eventStoreContract, unique } from './contract.js';
import { temporaryDatabase } from '../support/files.js';

for (const synchronous of ['FULL', 'NORMAL'] as const) {
  eventStoreContract(
    `sqlite (synchronous=${synchronous})`,
    async () => {
      const file = temporaryDatabase();
      const store = new SqliteEventStore(file.path, { synchronous });
      return {
        store,
        dispose: async () => {
          await store.close();
          file.remove();
        },
      };
    },
    { uniqueEventIds: true, reportsRetries: true, sealed: true },
  );
}

describe('sqlite linked appends (a call and its number in one transaction)', () => {
  let store: SqliteEventStore;
  let file: ReturnType<typeof temporaryDatabase>;
  beforeEach(() => {
    file = temporaryDatabase();
    store = new SqliteEventStore(file.path);
  });
  afterEach(async () => {
    await store.close();
    file.remove();
  });

  it('writes both parts, the second decided from the first result', async () => {
    const [numbers, call] = [unique('numbers'), unique('call')];
    await store.appendToStream(numbers, [event('Allocated')], { expectedRevision: 'any' });
    const [first, second] = await store.appendLinked(
      { streamName: numbers, events: [event('Allocated')], expectedRevision: 'any' },
      (allocated) => ({
        streamName: call,
        events: [event('Logged', { number: Number(allocated.nextExpectedRevision) })],
        expectedRevision: 'no_stream',
      }),
    );
    expect(first.nextExpectedRevision).toBe(1n);
    expect(second).toMatchObject({ nextExpectedRevision: 0n, position: first.position + 1n });
    expect((await collect(store.readStream(call))).map((e) => e.data)).toEqual([{ number: 1 }]);
  });

  it('writes neither part when the second fails its expectation, or when deciding it throws', async () => {
    const [numbers, call] = [unique('numbers'), unique('call')];
    await store.appendToStream(call, [event('Logged')], { expectedRevision: 'no_stream' });
    const conflicting = store.appendLinked(
      { streamName: numbers, events: [event('Allocated')], expectedRevision: 'any' },
      () => ({ streamName: call, events: [event('Logged')], expectedRevision: 'no_stream' }),
    );
    await expect(conflicting).rejects.toBeInstanceOf(WrongExpectedRevision);
    const refused = store.appendLinked(
      { streamName: numbers, events: [event('Allocated')], expectedRevision: 'any' },
      () => {
        throw new Error('refused');
      },
    );
    await expect(refused).rejects.toThrow('refused');
    expect(await collect(store.readStream(numbers))).toEqual([]);
  });

  it('answers a retried linked append with the original results and writes nothing new', async () => {
    const [numbers, call] = [unique('numbers'), unique('call')];
    const allocation = {
      streamName: numbers,
      events: [event('Allocated')],
      expectedRevision: 'any' as const,
    };
    const logged = [event('Logged')];
    const then = () => ({
      streamName: call,
      events: logged,
      expectedRevision: 'no_stream' as const,
    });
    const original = await store.appendLinked(allocation, then);
    // The same appends at once in one batch, and again later: each is recognised as the retry it is.
    const retries = await Promise.all([
      store.appendLinked(allocation, then),
      store.appendLinked(allocation, then),
    ]);
    const again = original.map((result) => ({ ...result, alreadyStored: true }));
    expect(retries).toEqual([again, again]);
    expect(await store.appendLinked(allocation, then)).toEqual(again);
    expect(await collect(store.readStream(numbers))).toHaveLength(1);
    expect(await collect(store.readStream(call))).toHaveLength(1);
  });

  it('keeps a failed linked append from affecting the others committed with it', async () => {
    const [numbers, taken, free] = [unique('numbers'), unique('call'), unique('call')];
    await store.appendToStream(taken, [event('Logged')], { expectedRevision: 'no_stream' });
    const allocate = {
      streamName: numbers,
      events: [] as EventToAppend[],
      expectedRevision: 'any' as const,
    };
    const results = await Promise.allSettled([
      store.appendLinked({ ...allocate, events: [event('Allocated')] }, () => ({
        streamName: taken,
        events: [event('Logged')],
        expectedRevision: 'no_stream',
      })),
      store.appendLinked({ ...allocate, events: [event('Allocated')] }, (allocated) => ({
        streamName: free,
        events: [event('Logged', { number: Number(allocated.nextExpectedRevision) })],
        expectedRevision: 'no_stream',
      })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    // The failed one's number was rolled back, so the survivor got the first number.
    expect((await collect(store.readStream(free))).map((e) => e.data)).toEqual([{ number: 0 }]);
    expect(await collect(store.readStream(numbers))).toHaveLength(1);
  });
});
