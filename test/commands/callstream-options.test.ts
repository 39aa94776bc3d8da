import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { CallstreamClosed } from '../../src/commands/errors.js';
import { builtInServiceLevels } from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { ReadModelsAhead, ReadModelsDiverged } from '../../src/projections/read-models-ahead.js';
import Database from 'better-sqlite3';
import { collect } from '../store/contract.js';
import { StoreUnavailable } from '../../src/store/eventstoredb-reach.js';
import { SqliteEventStore, type SqliteSynchronous } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * Callstream's options are a boundary like a command's: a JavaScript caller or a config read
 * as JSON that gets one wrong is told which, before any file is created, instead of running
 * on defaults it never asked for.
 */
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());
let refused = 0;

interface Refusal {
  readonly code?: string;
  readonly message: string;
  readonly issues: ReadonlyArray<{ readonly path: string }>;
}

/** The ValidationError `open` refuses the options with, and that no file was made. */
async function refusal(options: Record<string, unknown>) {
  const file = join(tmp.dir, `refused-${++refused}.db`);
  const error = await Callstream.open({ file, ...options }).then(
    () => {
      throw new Error('expected the options to be refused');
    },
    (refused: unknown) => refused as Refusal,
  );
  expect(existsSync(file)).toBe(false);
  return error;
}

describe('Callstream options', () => {
  it('refuses a misspelt option instead of ignoring it', async () => {
    const error = await refusal({ projectonMode: 'live' });
    expect(error.code).toBe('ValidationError');
    expect(error.message).toMatch(/^Invalid callstream options: .*projectonMode/);
  });

  it.each([
    [{ projectionMode: 'inlined' }, 'projectionMode'],
    [{ synchronous: 'normal' }, 'synchronous'],
    [{ synchronous: 'OFF' }, 'synchronous'],
    [{ customerValidation: 'no' }, 'customerValidation'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ cacheSize: 2.5 }, 'cacheSize'],
    [{ clock: new Date('2026-12-01T00:00:00Z') }, 'clock'],
    [{ eventStoreDb: '' }, 'eventStoreDb'],
    [{ projections: [{ name: 'mine' }] }, 'projections.0.version'],
  ])('names the wrong option: %j', async (options, path) => {
    const error = await refusal(options);
    expect(error.code).toBe('ValidationError');
    expect(error.issues.map((issue) => issue.path)).toContain(path);
  });

  it('says which method a store of your own lacks', async () => {
    const store = { appendToStream: () => undefined, readStream: () => undefined };
    const error = await refusal({ store });
    expect(error.message).toContain(
      'store: expected an EventStore: no method readAll, subscribeToAll, headPosition, close',
    );
  });

  it('checks service-level rules given in the options as a publication would', async () => {
    const rules = { ...builtInServiceLevels.rules, defaultPriority: 9 };
    const error = await refusal({ serviceLevels: { ...builtInServiceLevels, rules } });
    expect(error.issues.map((issue) => issue.path)).toContain(
      'serviceLevels.rules.defaultPriority',
    );
  });

  it('opens with every option right, a store of your own included', async () => {
    const callstream = await Callstream.open({
      store: new MemoryEventStore(),
      projectionMode: 'manual',
      serviceLevels: builtInServiceLevels,
      clock: () => new Date('2026-12-01T09:00:00Z'),
      maxAttempts: 3,
      cacheSize: 100,
      customerValidation: false,
    });
    expect(callstream.mode).toBe('manual');
    await callstream.close();
  });

  it('reads null as no options, refuses null or a Map for a command with a ValidationError, not a TypeError, and any command once closed', async () => {
    const cwd = process.cwd();
    process.chdir(tmp.dir); // the default file, ./callstream.db, made there
    try {
      const callstream = await Callstream.open(null as unknown as undefined);
      for (const input of [null, undefined, 'LogCall', new Map([['type', 'LogCall']])])
        await expect(
          callstream.execute(input as unknown as Parameters<Callstream['execute']>[0]),
        ).rejects.toMatchObject({ name: 'ValidationError' });
      await callstream.close();
      await callstream.close(); // twice: nothing more to close
      await expect(callstream.executeJson({})).rejects.toBeInstanceOf(CallstreamClosed);
    } finally {
      process.chdir(cwd);
    }
  });

  it('answers every command, query and process with CallstreamClosed once closed, not an error of the closed file', async () => {
    const callstream = await Callstream.open({ file: join(tmp.dir, 'closed.db') });
    await callstream.close();
    // Every method the facade offers, found on its prototypes, so that a new one is held to it too.
    const internal = new Set(['constructor', 'close', 'ensureOpen', 'callId', 'verifyCallStream']);
    for (const name of ['catchUpToHead', 'planner', 'asOfPorts']) internal.add(name);
    const offered = new Set<string>();
    for (
      let at: object = Object.getPrototypeOf(callstream) as object;
      at !== Object.prototype;
      at = Object.getPrototypeOf(at) as object
    )
      for (const name of Object.getOwnPropertyNames(at)) {
        const { value } = Object.getOwnPropertyDescriptor(at, name) ?? {};
        if (typeof value === 'function' && !internal.has(name)) offered.add(name);
      }
    expect(offered.size).toBeGreaterThan(35);
    for (const name of offered) {
      const method = (callstream as unknown as Record<string, () => unknown>)[name]!;
      const answer = await (async () => method.call(callstream))().then(
        () => 'answered',
        (error: unknown) => (error instanceof CallstreamClosed ? 'closed' : String(error)),
      );
      expect({ name, answer }).toEqual({ name, answer: 'closed' });
    }
  });
});

describe('EventStoreDB out of reach', () => {
  it("is StoreUnavailable when the callstream opens, before the read models' file is made", async () => {
    const file = join(tmp.dir, 'read-models-of-no-server.db');
    const error = await Callstream.open({
      eventStoreDb: 'esdb://127.0.0.1:1?tls=false',
      file,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as Error).message).toMatch(/^Cannot reach EventStoreDB at 127\.0\.0\.1:1: /);
    expect(existsSync(file)).toBe(false);
  });
});

describe('read models of another history', () => {
  const logCall = (description: string) => ({
    type: 'LogCall' as const,
    commandId: randomUUID(),
    actor: { id: 'ann', role: 'agent' as const },
    at: '2026-11-23T09:00:00Z',
    intake: { mode: 'knowledgeable' as const, channel: 'phone' as const },
    subject: { kind: 'customer' as const, customerId: 'acme' },
    item: { item: 'server-r740' },
    description,
  });

  it('are refused when a store that holds less is opened beside them, and open with their own store', async () => {
    const file = join(tmp.dir, 'read-models-of-another-store.db');
    const first = new MemoryEventStore();
    const opened = await Callstream.open({ store: first, file, customerValidation: false });
    await opened.execute(logCall('Round 1'));
    await opened.close();
    // A fresh store: its C-000001 would be skipped by read models already past it.
    const error = await Callstream.open({
      store: new MemoryEventStore(),
      file,
      customerValidation: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadModelsAhead);
    expect((error as ReadModelsAhead).head).toBeUndefined();
    expect((error as Error).message).toMatch(/another history/);
    const again = await Callstream.open({ store: first, file, customerValidation: false });
    expect(again.board().map((row) => row.description)).toEqual(['Round 1']);
    await again.close();
  });

  it('are refused beside a store of the same length that holds other events, or the same events then others (a restored backup written to since)', async () => {
    const file = join(tmp.dir, 'read-models-of-a-store-of-the-same-length.db');
    const open = (store: MemoryEventStore, at = file) =>
      Callstream.open({ store, file: at, customerValidation: false });
    const first = new MemoryEventStore();
    const opened = await open(first);
    await opened.execute(logCall('Round 1'));
    const backup = await first.headPosition();
    await opened.execute(logCall('Round 2'));
    await opened.close();
    // Another store, the same commands' shapes: as many events, other ids.
    const other = new MemoryEventStore();
    const elsewhere = await open(other, join(tmp.dir, 'elsewhere.db'));
    await elsewhere.execute(logCall('Round 1'));
    await elsewhere.execute(logCall('Round 2'));
    await elsewhere.close();
    expect(await other.headPosition()).toBe(await first.headPosition());
    const error = await open(other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadModelsDiverged);
    expect((error as Error).message).toMatch(/another history/);
    // The first store restored from its backup (its first call) and written to since.
    const restored = new MemoryEventStore();
    for await (const event of first.readAll()) {
      if (event.position > backup!) break;
      await restored.appendToStream(
        event.streamName,
        [
          {
            id: event.id,
            type: event.type,
            data: event.data,
            metadata: event.metadata,
          },
        ],
        { expectedRevision: event.revision === 0n ? 'no_stream' : event.revision - 1n },
      );
    }
    const since = await open(restored, join(tmp.dir, 'since.db'));
    await since.execute(logCall('Round 2, after the restore'));
    await since.close();
    expect(await restored.headPosition()).toBe(await first.headPosition());
    await expect(open(restored)).rejects.toBeInstanceOf(ReadModelsDiverged);
    // With their own store, they open as they were.
    const again = await open(first);
    expect(again.board().map((row) => row.description)).toEqual(['Round 1', 'Round 2']);
    await again.close();
  });

  it('written before anchors, take them on from their next batch', async () => {
    const file = join(tmp.dir, 'read-models-before-anchors.db');
    const store = new MemoryEventStore();
    const opened = await Callstream.open({ store, file, customerValidation: false });
    await opened.execute(logCall('Before the upgrade'));
    await opened.close();
    // The checkpoints' table as callstream wrote it before anchors.
    const db = new Database(file);
    db.exec(
      'CREATE TABLE old (projection TEXT PRIMARY KEY, position TEXT NOT NULL, version INTEGER NOT NULL); INSERT INTO old SELECT projection, position, version FROM rm_checkpoints; DROP TABLE rm_checkpoints; ALTER TABLE old RENAME TO rm_checkpoints;',
    );
    db.close();
    const reopened = await Callstream.open({ store, file, customerValidation: false });
    expect(reopened.runner.anchors()).toEqual([]);
    await reopened.execute(logCall('After the upgrade'));
    const head = await store.headPosition();
    const [last] = await collect(store.readAll({ fromPosition: head!, maxCount: 1 }));
    expect(new Set(reopened.runner.anchors().map((a) => `${a.position}:${a.id}`))).toEqual(
      new Set([`${head}:${last!.id}`]),
    );
    await reopened.close();
  });
});

describe('SqliteEventStore synchronous', () => {
  it.each(['OFF', 'normal', 'FAST'])('refuses %s before the file is made', (synchronous) => {
    const file = join(tmp.dir, `sync-${synchronous}.db`);
    expect(
      () => new SqliteEventStore(file, { synchronous: synchronous as SqliteSynchronous }),
    ).toThrow(/synchronous must be FULL or NORMAL/);
    expect(existsSync(file)).toBe(false);
  });
});
