import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { callsProjection } from '../../src/projections/calls.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import {
  CheckpointMoved,
  type Documents,
  type ProjectedEvent,
  type Projection,
  type ProjectionBatch,
  type ReadModelStore,
} from '../../src/projections/types.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { event } from '../store/contract.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { steppingClock } from '../support/clock.js';
import { embeddedEventStores, embeddedReadModelStores } from '../support/event-stores.js';
import { temporaryDatabase } from '../support/files.js';
import { history, onReadModels, play } from '../support/histories.js';
import { logCallRequest } from '../support/pipeline.js';

describe.each(embeddedReadModelStores)('projection runner on %s read models', (_, open) => {
  it('keeps inline read models equal to a rebuild from zero, for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(history, fc.integer({ min: 1, max: 7 }), (actions, batchSize) =>
        onReadModels(open, async (callstream, readModels) => {
          await play(callstream, actions);
          const report = await new ProjectionRunner(
            callstream.store,
            readModels,
            [callsProjection(callstream.store)],
            { batchSize },
          ).verify();
          expect(report.differences).toEqual([]);
          // A summary per call: the four logged and any reopened successors.
          expect(report.documents).toBeGreaterThanOrEqual(4);
        }),
      ),
      { numRuns: 25 },
    );
  });

  it('detects a read model that drifted from the events', async () => {
    const { readModels, dispose } = open();
    const callstream = new Callstream({
      customerValidation: false,
      readModels,
      clock: steppingClock(),
    });
    const { callId } = await callstream.execute(logCallRequest());
    // Through the callstream's read models: they seal the copied personal values.
    const live = callstream.readModels;
    const row = live.get('calls', 'calls', callId)!;
    live.commit([
      {
        projection: 'calls',
        version: callsProjection(callstream.store).version,
        from: live.checkpoint('calls')!.position,
        position: live.checkpoint('calls')!.position,
        writes: new Map([['calls', new Map([[callId, { ...row, status: 'Closed' }]])]]),
      },
    ]);
    const report = await callstream.verify();
    expect(report.differences).toHaveLength(1);
    expect(report.differences[0]).toMatchObject({
      collection: 'calls',
      key: callId,
      live: { status: 'Closed' },
      rebuilt: { status: 'Registered' },
    });
    await callstream.close();
    dispose();
  });

  it('rebuilds when a projection’s version changes', async () => {
    const { readModels, dispose } = open();
    const store = new MemoryEventStore();
    const callstream = new Callstream({
      customerValidation: false,
      store,
      readModels,
      clock: steppingClock(),
    });
    await callstream.execute(logCallRequest());
    await callstream.execute(logCallRequest());
    const projection = callsProjection(store);
    const bumped = Object.assign(Object.create(projection) as typeof projection, {
      version: projection.version + 1,
    });
    const report = await new ProjectionRunner(store, readModels, [bumped]).catchUp();
    expect(report.events).toBe(6); // per call: its number, CallLogged, PrioritySet
    expect(readModels.checkpoint('calls')!.version).toBe(bumped.version);
    await callstream.close();
    dispose();
  });
});

describe('checkpoints of SQLite read models', () => {
  it('are written in one statement and read at once as each is read alone, positions past 2^53 exact', () => {
    const file = temporaryDatabase('views.db');
    const readModels = new SqliteReadModelStore(file.path);
    try {
      const batch = (projection: string, position: bigint, version: number): ProjectionBatch => ({
        projection,
        version,
        from: undefined,
        position,
        writes: new Map(),
      });
      readModels.commit([batch('calls', 2n ** 60n + 7n, 3), batch('billing', 12n, 1)]);
      readModels.commit([{ ...batch('billing', 13n, 2), from: 12n }]);
      const names = ['calls', 'billing', 'never-run'];
      expect(readModels.checkpoints(names)).toEqual(names.map((n) => readModels.checkpoint(n)));
      expect(readModels.checkpoints(names)).toEqual([
        { position: 2n ** 60n + 7n, version: 3 },
        { position: 13n, version: 2 },
        undefined,
      ]);
      expect(() => readModels.commit([{ ...batch('billing', 14n, 2), from: 12n }])).toThrow(
        CheckpointMoved,
      );
    } finally {
      readModels.close();
      file.remove();
    }
  });
});

/** Another process's writer on a shared memory store: its own read models, caught up by hand. */
const writerOn = (store: MemoryEventStore): Callstream =>
  new Callstream({
    customerValidation: false,
    store,
    readModels: new MemoryReadModelStore(),
    projectionMode: 'manual',
    clock: steppingClock(),
  });

describe('projection runner on the embedded SQLite file', () => {
  it('resumes from its checkpoint after a restart and processes only what is new', async () => {
    const file = temporaryDatabase();
    try {
      const first = await Callstream.open({
        customerValidation: false,
        file: file.path,
        clock: steppingClock(),
      });
      await first.execute(logCallRequest());
      await first.close();
      // Events appended while no projection runs (another process, or projections off).
      const writer = new Callstream({
        customerValidation: false,
        file: file.path,
        projectionMode: 'manual',
        clock: steppingClock('2026-11-24T09:00:00Z'),
      });
      await writer.execute(logCallRequest());
      await writer.execute(logCallRequest());
      await writer.close();
      const reopened = new Callstream({
        customerValidation: false,
        file: file.path,
        projectionMode: 'manual',
      });
      expect(reopened.board()).toHaveLength(1);
      const report = await reopened.catchUp();
      expect(report.events).toBe(6); // two calls: number, logged, priority set
      expect(reopened.board().map((row) => row.number)).toEqual([
        'C-000001',
        'C-000002',
        'C-000003',
      ]);
      await reopened.close();
    } finally {
      file.remove();
    }
  });

  it('follows appends live from a catch-up subscription', async () => {
    const store = new MemoryEventStore();
    const readModels = new MemoryReadModelStore();
    const writer = writerOn(store);
    await writer.execute(logCallRequest());
    const reader = await Callstream.open({
      customerValidation: false,
      store,
      readModels,
      projectionMode: 'live',
    });
    await writer.execute(logCallRequest());
    await writer.execute(logCallRequest());
    await expect.poll(() => reader.board().length, { timeout: 2000 }).toBe(3);
    await reader.close();
  });

  it('folds the appends that gather while live in one catch-up, not one per append', async () => {
    const store = new MemoryEventStore();
    const readModels = new MemoryReadModelStore();
    let commits = 0;
    const commit = readModels.commit.bind(readModels);
    readModels.commit = (batches) => {
      commits++;
      commit(batches);
    };
    const runner = new ProjectionRunner(store, readModels, [callsProjection(store)], {
      liveGatherMs: 100,
    });
    runner.start();
    const writer = writerOn(store);
    const calls = 30;
    for (let i = 0; i < calls; i++)
      await writer.execute(
        logCallRequest({ item: { item: 'server-x', serialNumber: `SRV-${i}` } }),
      );
    const head = await store.headPosition();
    await expect
      .poll(() => readModels.checkpoint('calls')?.position, { timeout: 10_000 })
      .toBe(head);
    await runner.stop();
    expect(readModels.find('calls', 'calls', { open: true })).toHaveLength(calls);
    // One per append before (30); gathered, a handful at most, however slow the machine.
    expect(commits).toBeLessThan(calls / 2);
  });

  it('keeps the documents of a file written with the earlier clustered table', () => {
    const file = temporaryDatabase('views.db');
    try {
      const old = new Database(file.path);
      old.exec(`CREATE TABLE rm_documents (projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, collection, key)) WITHOUT ROWID;
        INSERT INTO rm_documents VALUES ('calls', 'calls', 'c-1', '{"number":"C-000001"}');`);
      old.close();
      const readModels = new SqliteReadModelStore(file.path);
      expect(readModels.get('calls', 'calls', 'c-1')).toEqual({ number: 'C-000001' });
      readModels.close();
      const reopened = new Database(file.path);
      const sql = reopened
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'rm_documents'")
        .pluck()
        .get() as string;
      reopened.close();
      expect(sql).not.toMatch(/WITHOUT\s+ROWID/i);
    } finally {
      file.remove();
    }
  });

  it('leaves a shared connection at its own synchronous level after every commit, refused or not', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path); // FULL by default
    const readModels = new SqliteReadModelStore(store.db);
    readModels.ensureCollections(countingProjection());
    const batch = {
      projection: 'counting',
      version: 1,
      from: undefined,
      position: 1n,
      writes: new Map([['counts', new Map([['all', { events: 1 }]])]]),
    };
    readModels.commit([batch]);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(() => readModels.commit([batch])).toThrow(CheckpointMoved);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
    file.remove();
  });

  it('shares one SQLite file between the event store and the read models', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path);
    const readModels = new SqliteReadModelStore(store.db);
    const callstream = new Callstream({
      customerValidation: false,
      store,
      readModels,
      clock: steppingClock(),
    });
    await callstream.execute(logCallRequest());
    expect(callstream.board()).toHaveLength(1);
    expect(readModels.checkpoint('calls')!.position).toBe(await store.headPosition());
    await callstream.close();
    file.remove();
  });
});

/** Counts the events it sees in one document: applying any event twice shows. */
function countingProjection(name = 'counting', gate?: Promise<void>): Projection {
  return {
    name,
    version: 1,
    collections: { counts: {} },
    eventTypes: new Set(['CallLogged', 'PrioritySet']),
    async prefetch() {
      await gate;
    },
    apply(_event: ProjectedEvent, documents: Documents) {
      const before = documents.get<{ events: number }>('counts', 'all')?.events ?? 0;
      documents.put('counts', 'all', { events: before + 1 });
    },
  };
}

const sharedReadModels: Array<
  [string, () => { first: ReadModelStore; second: ReadModelStore; dispose(): void }]
> = [
  [
    'one memory store',
    () => {
      const readModels = new MemoryReadModelStore();
      return { first: readModels, second: readModels, dispose: () => undefined };
    },
  ],
  [
    'two connections to one SQLite file',
    () => {
      const file = temporaryDatabase('views.db');
      const first = new SqliteReadModelStore(file.path);
      const second = new SqliteReadModelStore(file.path);
      return {
        first,
        second,
        dispose: () => {
          first.close();
          second.close();
          file.remove();
        },
      };
    },
  ],
];

describe.each(sharedReadModels)('two runners sharing read models: %s', (_, open) => {
  it('applies each event once when both catch up at the same time', async () => {
    const { first, second, dispose } = open();
    const store = new MemoryEventStore();
    const callstream = new Callstream({
      customerValidation: false,
      store,
      projectionMode: 'manual',
      clock: steppingClock(),
    });
    for (let i = 0; i < 5; i++) await callstream.execute(logCallRequest());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The slow runner folds its batch on the empty checkpoint and waits; the fast one commits everything meanwhile.
    const slow = new ProjectionRunner(store, second, [
      countingProjection('counting', gate),
    ]).catchUp();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const fast = await new ProjectionRunner(store, first, [countingProjection()]).catchUp();
    expect(fast.events).toBe(15);
    release();
    await slow;
    expect(first.get('counting', 'counts', 'all')).toEqual({ events: 10 });
    expect(second.get('counting', 'counts', 'all')).toEqual({ events: 10 });
    await callstream.close();
    dispose();
  });

  it('refuses a batch folded on a checkpoint another runner has moved, writing nothing', () => {
    const { first, second, dispose } = open();
    first.ensureCollections(countingProjection());
    first.commit([
      {
        projection: 'counting',
        version: 1,
        from: undefined,
        position: 3n,
        writes: new Map([['counts', new Map([['all', { events: 2 }]])]]),
      },
    ]);
    const stale = [
      {
        projection: 'counting',
        version: 1,
        from: undefined,
        position: 6n,
        writes: new Map([['counts', new Map([['all', { events: 4 }]])]]),
      },
    ];
    expect(() => second.commit(stale)).toThrow(CheckpointMoved);
    expect(second.get('counting', 'counts', 'all')).toEqual({ events: 2 });
    expect(second.checkpoint('counting')?.position).toBe(3n);
    dispose();
  });
});

describe('a runner whose read models another runner resets', () => {
  it('applies every event when another process starts a rebuild between two of its batches', async () => {
    const file = temporaryDatabase('views.db');
    const mine = new SqliteReadModelStore(file.path);
    const theirs = new SqliteReadModelStore(file.path);
    const store = new MemoryEventStore();
    const callstream = new Callstream({
      customerValidation: false,
      store,
      projectionMode: 'manual',
      clock: steppingClock(),
    });
    for (let i = 0; i < 5; i++) await callstream.execute(logCallRequest());
    let commits = 0;
    // The other process resets the projection right after this runner's first batch commits.
    const racing = new Proxy(mine, {
      get(target, property, receiver) {
        if (property === 'commit') {
          return (batches: readonly ProjectionBatch[]) => {
            target.commit(batches);
            if (++commits === 1) theirs.reset('counting');
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await new ProjectionRunner(store, racing, [countingProjection()], { batchSize: 2 }).catchUp();
    await new ProjectionRunner(store, theirs, [countingProjection()], { batchSize: 2 }).catchUp();
    expect(mine.get('counting', 'counts', 'all')).toEqual({ events: 10 });
    expect(mine.checkpoint('counting')?.position).toBe(await store.headPosition());
    mine.close();
    theirs.close();
    file.remove();
    await callstream.close();
  });

  it('gives up with an error, instead of looping, when its checkpoints are moved at every batch', async () => {
    const store = new MemoryEventStore();
    const callstream = new Callstream({
      customerValidation: false,
      store,
      projectionMode: 'manual',
      clock: steppingClock(),
    });
    await callstream.execute(logCallRequest());
    const readModels = new MemoryReadModelStore();
    const contested = Object.assign(Object.create(readModels) as MemoryReadModelStore, {
      commit: () => {
        throw new CheckpointMoved('counting', undefined, 1n);
      },
    });
    await expect(
      new ProjectionRunner(store, contested, [countingProjection()]).catchUp(),
    ).rejects.toThrow(/moved by another runner 101 times/);
    await callstream.close();
  });
});

describe('a projection added beside others already at the head', () => {
  it('catches up without moving the others back or applying their events twice', async () => {
    const readModels = new MemoryReadModelStore();
    const store = new MemoryEventStore();
    const callstream = new Callstream({
      customerValidation: false,
      store,
      projectionMode: 'manual',
      clock: steppingClock(),
    });
    for (let i = 0; i < 4; i++) await callstream.execute(logCallRequest());
    await new ProjectionRunner(store, readModels, [countingProjection('ahead')]).catchUp();
    const head = readModels.checkpoint('ahead')!.position;
    // Batches of two events: the newcomer needs six of them to reach the head.
    await new ProjectionRunner(
      store,
      readModels,
      [countingProjection('ahead'), countingProjection('newcomer')],
      { batchSize: 2 },
    ).catchUp();
    expect(readModels.get('ahead', 'counts', 'all')).toEqual({ events: 8 });
    expect(readModels.get('newcomer', 'counts', 'all')).toEqual({ events: 8 });
    expect(readModels.checkpoint('ahead')!.position).toBe(head);
    await callstream.close();
  });
});

describe.each(embeddedEventStores)(
  'a runner of a few event types, on the %s event store',
  (_, openStore) => {
    it('is handed those types only, yet reaches the head and counts every event it went through', async () => {
      const { store, dispose } = openStore();
      const callstream = new Callstream({
        customerValidation: false,
        store,
        projectionMode: 'manual',
        clock: steppingClock(),
      });
      try {
        for (let i = 0; i < 3; i++) await callstream.execute(logCallRequest());
        // The last events of the log are of types the projection does not read.
        await store.appendToStream('other-1', [event('Noted'), event('Noted')], {
          expectedRevision: 'no_stream',
        });
        const readModels = new MemoryReadModelStore();
        const runner = new ProjectionRunner(store, readModels, [countingProjection()], {
          batchSize: 2,
        });
        const head = (await store.headPosition())!;
        const first = await runner.catchUp();
        expect(first).toEqual({ events: Number(head), position: head });
        expect(readModels.get('counting', 'counts', 'all')).toEqual({ events: 6 });
        expect(readModels.checkpoint('counting')!.position).toBe(head);

        await store.appendToStream('other-2', [event('Noted')], { expectedRevision: 'no_stream' });
        expect(await runner.catchUp()).toEqual({ events: 1, position: head + 1n });
        expect(readModels.checkpoint('counting')!.position).toBe(head + 1n);
        expect(readModels.get('counting', 'counts', 'all')).toEqual({ events: 6 });
        // At the head: nothing read, nothing written.
        expect(await runner.catchUp()).toEqual({ events: 0, position: head + 1n });
      } finally {
        await callstream.close();
        await dispose();
      }
    });
  },
);
