import { describe, expect, it } from 'vitest';
import { event } from './contract.js';
import { verifyHistory } from '../../src/audit/verify-history.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { SELECT_OF_TYPES } from '../../src/store/sqlite-event-reads.js';
import { eventStoreContract } from './contract.js';
import { linkedAppendsContract } from './contract-linked.js';
import { openDescriptors, temporaryDatabase } from '../support/files.js';

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

linkedAppendsContract('sqlite', async () => {
  const file = temporaryDatabase();
  const store = new SqliteEventStore(file.path);
  return {
    store,
    dispose: async () => {
      await store.close();
      file.remove();
    },
  };
});

/** The seal's head is at `position`, the store's last event, and the audit finds both chains intact up to it. */
async function expectSealAt(store: SqliteEventStore, position: bigint): Promise<void> {
  expect((await store.sealHead())?.position).toBe(position);
  expect(await store.headPosition()).toBe(position);
  const report = await verifyHistory(store, { decode: false });
  expect(report.breaks).toEqual([]);
  expect(report.intact).toBe(true);
}

describe('sqlite: a read inside the append, of the events it wrote', () => {
  it('gives exactly the events the group commit keeps, when appends of the group roll back', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path);
    try {
      const taken = event('Taken');
      await store.appendToStream('other', [taken], { expectedRevision: 'no_stream' });
      const head = 1n;
      const seen: Array<{ pages: string[]; fromTable: string[] }> = [];
      store.duringAppend(() => {
        const page = store.readPageAfter(head, 100).map((e) => `${e.position} ${e.type}`);
        // The same read past the group's first event goes to the table: the reference.
        const after = store.readPageAfter(head + 1n, 100).map((e) => `${e.position} ${e.type}`);
        seen.push({ pages: page.slice(1), fromTable: after });
      });
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => `call-${name}`);
      // One group: a kept; b writes one event, then its second collides with a stored id (rolled back);
      // c kept; a linked append whose last part fails after its first was written (rolled back); d kept.
      const outcomes = await Promise.allSettled([
        store.appendToStream(a!, [event('A')], { expectedRevision: 'no_stream' }),
        store.appendToStream(b!, [event('B1'), { ...event('B2'), id: taken.id }], {
          expectedRevision: 'no_stream',
        }),
        store.appendToStream(c!, [event('C')], { expectedRevision: 'no_stream' }),
        store.appendLinked(
          [{ streamName: 'call-e', events: [event('E1')], expectedRevision: 'no_stream' }],
          () => ({ streamName: a!, events: [event('E2')], expectedRevision: 'no_stream' }),
        ),
        store.appendToStream(d!, [event('D')], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(seen).toEqual([{ pages: ['3 C', '4 D'], fromTable: ['3 C', '4 D'] }]);
      expect(store.readPageAfter(head, 100).map((e) => e.type)).toEqual(['A', 'C', 'D']);
      // The seal's head, written once for the group, is where its kept appends left the chain.
      await expectSealAt(store, 4n);
      // The next transaction chains on from it.
      await store.appendToStream('call-f', [event('F')], { expectedRevision: 'no_stream' });
      await expectSealAt(store, 5n);
    } finally {
      await store.close();
      file.remove();
    }
  });

  it('fails the whole group when SQLite rolls the transaction back (a full disk), and stores none of it', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path);
    try {
      await store.appendToStream('other', [event('Taken')], { expectedRevision: 'no_stream' });
      const folded: string[][] = [];
      const committed: string[][] = [];
      store.duringAppend(
        () => folded.push(store.readPageAfter(1n, 100).map((e) => e.type)),
        () => committed.push(folded[folded.length - 1]!),
      );
      const pages = store.db.pragma('page_count', { simple: true }) as number;
      store.db.pragma(`max_page_count = ${pages + 2}`);
      const outcomes = await Promise.allSettled([
        store.appendToStream('call-a', [event('A')], { expectedRevision: 'no_stream' }),
        store.appendToStream('call-b', [event('B', { text: 'y'.repeat(200_000) })], {
          expectedRevision: 'no_stream',
        }),
        store.appendToStream('call-c', [event('C')], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(folded).toEqual([]);
      expect(committed).toEqual([]);
      store.db.pragma('max_page_count = 1073741823');
      expect(store.readPageAfter(0n, 100).map((e) => e.type)).toEqual(['Taken']);
      await store.appendToStream('call-c', [event('C')], { expectedRevision: 'no_stream' });
      expect(folded).toEqual([['C']]);
      expect(committed).toEqual([['C']]);
      // Nothing of the failed group is left to chain on: the seal goes on from the event before it.
      await expectSealAt(store, 2n);
    } finally {
      await store.close();
      file.remove();
    }
  });
});

describe('sqlite: work within the append, and what runs once it committed', () => {
  it('runs `committed` after a transaction whose work ran committed, never after one rolled back', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path);
    try {
      const log: string[] = [];
      let failing = true;
      store.duringAppend(
        () => {
          const types = store.readPageAfter(0n, 100).map((e) => e.type);
          log.push(`work ${types.join(' ')}`);
          if (failing) throw new Error('the fold fails');
        },
        () =>
          log.push(
            `committed, stored: ${store
              .readPageAfter(0n, 100)
              .map((e) => e.type)
              .join(' ')}`,
          ),
      );
      await expect(
        store.appendToStream('call-a', [event('A')], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow('the fold fails');
      failing = false;
      // A group of appends that all fail runs no work, and commits nothing of its own.
      await expect(
        store.appendToStream('call-b', [event('B')], { expectedRevision: 3n }),
      ).rejects.toThrow();
      const appended = store.appendToStream('call-c', [event('C')], {
        expectedRevision: 'no_stream',
      });
      await appended;
      expect(log).toEqual(['work A', 'work C', 'committed, stored: C']);
    } finally {
      await store.close();
      file.remove();
    }
  });
});

describe('sqlite: a page of some types only', () => {
  it('walks the events by position, never by another index nor with a sort, however many rows there are', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path);
    try {
      for (let i = 0; i < 50; i++)
        await store.appendToStream(`call-${i}`, [event('A'), event('B'), event('C')], {
          expectedRevision: 'no_stream',
        });
      store.db.exec('ANALYZE');
      const plan = store.db
        .prepare<[number, string, number], { detail: string }>(
          `EXPLAIN QUERY PLAN ${SELECT_OF_TYPES}`,
        )
        .all(0, '["B"]', 100)
        .map((row) => row.detail);
      expect(plan[0]).toBe('SEARCH events USING INTEGER PRIMARY KEY (rowid>?)');
      expect(plan.some((detail) => /TEMP B-TREE|SCAN events/.test(detail))).toBe(false);
      expect(store.readPageAfter(undefined, 100, new Set(['B'])).map((e) => e.position)).toEqual(
        Array.from({ length: 50 }, (_, i) => BigInt(3 * i + 2)),
      );
    } finally {
      await store.close();
      file.remove();
    }
  });
});

describe('sqlite: the audit scan, on a connection of its own', () => {
  /** Descriptors of this process open on `path`. */
  const openOn = (path: string): number => openDescriptors((open) => open === path);

  it.runIf(process.platform === 'linux')(
    'sees every append committed after it began, and closes with the store',
    async () => {
      const file = temporaryDatabase();
      const store = new SqliteEventStore(file.path);
      const alone = openOn(file.path);
      try {
        await store.appendToStream('call-a', [event('A'), event('B')], {
          expectedRevision: 'no_stream',
        });
        expect((await store.readSealedAfter(undefined, 10)).map((row) => row.type)).toEqual([
          'A',
          'B',
        ]);
        expect(openOn(file.path)).toBe(alone + 1);
        await store.appendToStream('call-a', [event('C')], { expectedRevision: 1n });
        const later = await store.readSealedAfter(2n, 10);
        expect(later.map((row) => [row.type, row.position, row.hash?.length])).toEqual([
          ['C', 3n, 64],
        ]);
      } finally {
        await store.close();
      }
      expect(openOn(file.path)).toBe(0);
      file.remove();
    },
  );
});
