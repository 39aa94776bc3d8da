import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { Reactor } from '../../src/commands/reactor.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { steppingClock } from '../support/clock.js';
import { embeddedEventStores } from '../support/event-stores.js';
import { logCallRequest } from '../support/pipeline.js';
import { event } from '../store/contract.js';

/**
 * A reactor (the outbox of notifications, their delivery, the posting to accounting) is
 * handed the events of its types, at least once, in order; its checkpoint goes through the
 * events of other types too, so a run after them reads nothing again.
 */

const append = (store: EventStore, stream: string, types: readonly string[]) =>
  store.appendToStream(
    stream,
    types.map((type) => event(type)),
    { expectedRevision: 'any' },
  );

describe.each(embeddedEventStores)('a reactor on the %s event store', (_, openStore) => {
  it('handles its types in order, once, and keeps its place past the events of other types', async () => {
    const { store, dispose } = openStore();
    const callstream = new Callstream({
      customerValidation: false,
      store,
      projectionMode: 'manual',
      clock: steppingClock(),
    });
    const checkpoints = new MemoryReadModelStore();
    const handled: string[] = [];
    let failNext = false;
    const reactor = new Reactor(
      'test-reactor',
      store,
      checkpoints,
      new Set(['CallLogged']),
      async (decoded) => {
        if (failNext) {
          failNext = false;
          throw new Error('the gateway is down');
        }
        handled.push(decoded.event.type);
        return true;
      },
    );
    const logCalls = async (count: number) => {
      for (let i = 0; i < count; i++) await callstream.execute(logCallRequest());
    };
    try {
      await logCalls(2);
      // The last events of the log are of a type the reactor does not handle.
      await append(store, 'other-1', ['Noted', 'Noted']);
      const head = (await store.headPosition())!;
      expect(await reactor.run()).toEqual({ handled: 2, failed: 0, position: head });
      expect(checkpoints.checkpoint('test-reactor')!.position).toBe(head);

      await append(store, 'other-2', ['Noted']);
      expect(await reactor.run()).toEqual({ handled: 0, failed: 0, position: head + 1n });

      // A failure stops the run before the event: the next run hands it over again.
      await logCalls(2);
      failNext = true;
      const failed = await reactor.run();
      expect([failed.handled, failed.failed]).toEqual([0, 1]);
      const now = (await store.headPosition())!;
      expect(await reactor.run()).toEqual({ handled: 2, failed: 0, position: now });
      expect(handled).toHaveLength(4);

      // Up to a position: what was recorded then, and not past it.
      await logCalls(1);
      const then = (await store.headPosition())!;
      await logCalls(1);
      expect(await reactor.run(then)).toEqual({ handled: 1, failed: 0, position: then });
      expect(await reactor.run()).toEqual({
        handled: 1,
        failed: 0,
        position: await store.headPosition(),
      });
    } finally {
      await callstream.close();
      await dispose();
    }
  });
});
