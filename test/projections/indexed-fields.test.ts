import Database from 'better-sqlite3';
import fc from 'fast-check';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type {
  Document,
  Filter,
  FindOptions,
  Projection,
  ReadModelStore,
} from '../../src/projections/types.js';
import { walPagesByTree } from '../../src/bench/wal-pages.js';
import { Callstream } from '../../src/callstream.js';
import { openDescriptors, temporaryDatabase } from '../support/files.js';

const things = (indexes: Array<string | string[]>, version = 1): Projection => ({
  name: 'things',
  version,
  collections: { things: { indexes } },
  eventTypes: new Set(),
  apply: () => undefined,
});
const projection = things([['open', 'due'], ['owner', 'open'], 'kind']);

let position = 0n;
function write(store: ReadModelStore, docs: ReadonlyArray<[string, Document | null]>): void {
  const from = store.checkpoint('things')?.position;
  store.commit([
    {
      projection: 'things',
      version: 1,
      from,
      position: ++position,
      writes: new Map([['things', new Map(docs)]]),
    },
  ]);
}

const thing = fc.record({
  open: fc.boolean(),
  owner: fc.constantFrom('ann', 'bob'),
  kind: fc.constantFrom('a', 'b'),
  due: fc.option(fc.constantFrom('2026-01-01', '2026-02-01'), { nil: null }),
  note: fc.string({ maxLength: 6 }),
});
const key = fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5');

describe('indexed values kept in a column of their own (read-models/indexed-fields.ts)', () => {
  it('finds and counts what the in-memory store does, however often documents are rewritten, and after the indexes change', () => {
    const commits = fc.array(
      fc.array(fc.tuple(key, fc.option(thing, { nil: null, freq: 6 })), { maxLength: 6 }),
      { minLength: 1, maxLength: 5 },
    );
    // A later version of the projection: columns of values reused by other indexes, fewer, more.
    const later = fc.constantFrom<Array<string | string[]>>(
      [['open', 'due'], ['owner', 'open'], 'kind'],
      ['kind', ['open', 'due']],
      [['owner', 'open']],
      [['kind', 'due'], 'owner', ['open', 'due'], 'note'],
    );
    const queries: ReadonlyArray<[Filter, FindOptions]> = [
      [{ open: true }, { orderBy: 'due' }],
      [{ open: false }, { orderBy: 'due', descending: true, limit: 2 }],
      [{ owner: 'ann', open: true }, {}],
      [{ owner: 'bob' }, { orderBy: 'due' }],
      [{ kind: 'a' }, {}],
      [{ kind: ['a', 'b'] }, { orderBy: 'due' }],
      // Fields of two indexes at once, ordered by a field another index holds.
      [{ kind: 'a', open: true }, { orderBy: 'due' }],
      [{ owner: ['ann', 'bob'], open: false }, {}],
    ];
    // What a store answers, or the error it refuses the query with (an index no longer declared).
    const answer = (store: ReadModelStore, [filter, options]: [Filter, FindOptions]) => {
      try {
        return {
          found: store.find('things', 'things', filter, options),
          counted: store.count('things', 'things', filter),
        };
      } catch (error) {
        return { refused: (error as Error).name };
      }
    };
    fc.assert(
      fc.property(commits, later, commits, (before, indexes, after) => {
        const memory = new MemoryReadModelStore();
        const sqlite = new SqliteReadModelStore(':memory:');
        try {
          for (const store of [memory, sqlite]) {
            store.ensureCollections(projection);
            for (const docs of before) write(store, docs);
            store.ensureCollections(things(indexes, 2));
            for (const docs of after) write(store, docs);
          }
          for (const query of queries) expect(answer(sqlite, query)).toEqual(answer(memory, query));
        } finally {
          sqlite.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a write that leaves every indexed value as it was touches no page of any index, one that changes a value only the indexes reading it', () => {
    const file = temporaryDatabase('views.db');
    const store = new SqliteReadModelStore(file.path);
    try {
      store.ensureCollections(projection);
      const doc = { open: true, owner: 'ann', kind: 'a', due: '2026-01-01', note: 'x' };
      write(
        store,
        Array.from({ length: 200 }, (_, i) => [`k${i}`, { ...doc, note: `n${i}` }] as const),
      );
      const pagesOf = (change: () => void): string[] => {
        const before = statSync(`${file.path}-wal`).size;
        change();
        return [...walPagesByTree(store.db, `${file.path}-wal`, before).keys()];
      };
      expect(store.db.pragma('page_size', { simple: true })).toBe(4096);

      const unchanged = pagesOf(() => write(store, [['k7', { ...doc, note: 'rewritten' }]]));
      expect(unchanged).toContain('rm_documents');
      expect(unchanged.filter((name) => name.startsWith('rm_things_'))).toEqual([]);

      // Only the index whose values changed is touched, not the collection's other two.
      const changed = pagesOf(() => write(store, [['k7', { ...doc, owner: 'bob' }]]));
      expect(changed.filter((name) => name.startsWith('rm_things_'))).toEqual([
        'rm_things_things__owner__open',
      ]);
      expect(store.find('things', 'things', { owner: 'bob' })).toEqual([{ ...doc, owner: 'bob' }]);

      // A value two indexes read: both, and only them.
      const both = pagesOf(() => write(store, [['k7', { ...doc, owner: 'bob', open: false }]]));
      expect(both.filter((name) => name.startsWith('rm_things_')).sort()).toEqual([
        'rm_things_things__open__due',
        'rm_things_things__owner__open',
      ]);
      expect(store.find('things', 'things', { open: false })).toEqual([
        { ...doc, owner: 'bob', open: false },
      ]);
    } finally {
      store.close();
      file.remove();
    }
  });

  it('a projection indexing a field it did not index before finds the documents already stored by it', () => {
    const file = temporaryDatabase('views.db');
    try {
      const first = new SqliteReadModelStore(file.path);
      first.ensureCollections(projection);
      write(first, [
        ['k1', { open: true, owner: 'ann', kind: 'a', colour: 'red' }],
        ['k2', { open: true, owner: 'bob', kind: 'b', colour: 'blue' }],
      ]);
      first.close();
      const second = new SqliteReadModelStore(file.path);
      // The second index's column held owner and open: it now holds colour.
      second.ensureCollections(things([['open', 'due'], 'colour']));
      expect(second.find('things', 'things', { colour: 'blue' })).toEqual([
        { open: true, owner: 'bob', kind: 'b', colour: 'blue' },
      ]);
      expect(second.find('things', 'things', { open: true }, { orderBy: 'due' })).toHaveLength(2);
      const emptied = second.db
        .prepare('SELECT count(*) FROM rm_documents WHERE index2 IS NOT NULL')
        .pluck()
        .get();
      expect(emptied).toBe(0);
      second.close();
    } finally {
      file.remove();
    }
  });

  it('a file whose read models a newer callstream laid out is refused, left as it was and not kept open', async () => {
    const file = temporaryDatabase('views.db');
    try {
      new SqliteReadModelStore(file.path).close();
      const newer = new Database(file.path);
      newer.exec('UPDATE rm_layout SET version = version + 1');
      const version = newer.prepare('SELECT version FROM rm_layout').pluck().get();
      newer.close();
      const tables = () => {
        const db = new Database(file.path);
        try {
          return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
        } finally {
          db.close();
        }
      };
      const before = tables();
      const refused = /written by a newer callstream \(layout 4, this one knows 3\)/;
      // Refused before anything is made or migrated.
      expect(() => new SqliteReadModelStore(file.path)).toThrow(refused);
      expect(tables()).toEqual(before);
      expect(openDescriptors((open) => open.startsWith(file.path))).toBe(0);
      // Through the facade too, where the event store shares the connection: closed with it.
      await expect(Callstream.open({ file: file.path })).rejects.toThrow(refused);
      await new Promise((resolve) => setImmediate(resolve));
      expect(openDescriptors((open) => open.startsWith(file.path))).toBe(0);
      const after = new Database(file.path);
      expect(after.prepare('SELECT version FROM rm_layout').pluck().all()).toEqual([version]);
      after.close();
    } finally {
      file.remove();
    }
  });

  it('declaring a projection leaves the indexes of another whose name begins the same (things, things_extra)', () => {
    const store = new SqliteReadModelStore(':memory:');
    try {
      store.ensureCollections({ ...things(['kind']), name: 'things_extra' });
      store.ensureCollections(projection);
      const indexes = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'rm_things%'")
        .pluck()
        .all();
      expect(indexes).toContain('rm_things_extra_things__kind');
      expect(indexes).toContain('rm_things_things__kind');
    } finally {
      store.close();
    }
  });

  it('a collection that declares one index twice is refused, in either store', () => {
    for (const store of [new SqliteReadModelStore(':memory:'), new MemoryReadModelStore()]) {
      try {
        expect(() => store.ensureCollections(things(['kind', ['kind']]))).toThrow(
          /things\.things declares the index rm_things_things__kind twice/,
        );
      } finally {
        if (store instanceof SqliteReadModelStore) store.close();
      }
    }
  });

  it('a new file whose first collection declares no index opens; the value columns come with the indexes', () => {
    const store = new SqliteReadModelStore(':memory:');
    try {
      store.ensureCollections({ ...things([]), name: 'plain' });
      store.ensureCollections(projection);
      expect(
        store.db.prepare("SELECT name FROM pragma_table_info('rm_documents')").pluck().all(),
      ).toEqual(['projection', 'collection', 'key', 'doc', 'index0', 'index1', 'index2']);
    } finally {
      store.close();
    }
  });

  it('a file written when indexes read the documents themselves is migrated: values filled in, indexes made again, finds unchanged', () => {
    const file = temporaryDatabase('views.db');
    try {
      const old = new Database(file.path);
      old.exec(`CREATE TABLE rm_documents (projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (projection, collection, key));
        CREATE INDEX rm_things_things__kind ON rm_documents (json_extract(doc, '$.kind'), key) WHERE projection = 'things' AND collection = 'things';
        INSERT INTO rm_documents VALUES ('things', 'things', 'k1', '{"open":true,"owner":"ann","kind":"a"}');
        INSERT INTO rm_documents VALUES ('things', 'things', 'k2', '{"open":false,"owner":"bob","kind":"b"}');`);
      old.close();
      let store = new SqliteReadModelStore(file.path);
      store.ensureCollections(projection);
      expect(store.find('things', 'things', { kind: 'b' })).toEqual([
        { open: false, owner: 'bob', kind: 'b' },
      ]);
      expect(store.find('things', 'things', { owner: 'ann', open: true })).toEqual([
        { open: true, owner: 'ann', kind: 'a' },
      ]);
      expect(store.explainFind('things', 'things', { kind: 'b' }).steps.join('\n')).toMatch(
        /USING INDEX rm_things_things__kind/,
      );
      const sql = store.db
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'rm_things_things__kind'")
        .pluck()
        .get() as string;
      expect(sql).toContain("json_extract(index2, '$.kind')");
      const schemaVersion = () => store.db.pragma('schema_version', { simple: true });
      const before = schemaVersion();
      store.close();
      // Opened again, nothing is made again: the schema is as it was.
      store = new SqliteReadModelStore(file.path);
      store.ensureCollections(projection);
      expect(schemaVersion()).toBe(before);
      store.close();
    } finally {
      file.remove();
    }
  });

  it('a file written when all indexes read one column of values is migrated: a column per index, filled, and finds unchanged', () => {
    const file = temporaryDatabase('views.db');
    try {
      const old = new Database(file.path);
      old.exec(`CREATE TABLE rm_documents (projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, fields TEXT, UNIQUE (projection, collection, key));
        CREATE TABLE rm_indexed_fields (projection TEXT NOT NULL, collection TEXT NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (projection, collection));
        INSERT INTO rm_indexed_fields VALUES ('things', 'things', '["due","kind","open","owner"]');
        CREATE INDEX rm_things_things__owner__open ON rm_documents (json_extract(fields, '$.owner'), json_extract(fields, '$.open'), key) WHERE projection = 'things' AND collection = 'things';
        INSERT INTO rm_documents VALUES ('things', 'things', 'k1', '{"open":true,"owner":"ann","kind":"a","due":null}', '{"due":null,"kind":"a","open":true,"owner":"ann"}');
        INSERT INTO rm_documents VALUES ('things', 'things', 'k2', '{"open":false,"owner":"ann","kind":"b","due":"2026-02-01"}', '{"due":"2026-02-01","kind":"b","open":false,"owner":"ann"}');`);
      old.close();
      const store = new SqliteReadModelStore(file.path);
      store.ensureCollections(projection);
      try {
        expect(store.find('things', 'things', { owner: 'ann', open: false })).toEqual([
          { open: false, owner: 'ann', kind: 'b', due: '2026-02-01' },
        ]);
        expect(store.find('things', 'things', { kind: 'a' })).toEqual([
          { open: true, owner: 'ann', kind: 'a', due: null },
        ]);
        expect(
          store.explainFind('things', 'things', { owner: 'ann', open: true }).steps.join('\n'),
        ).toMatch(/USING INDEX rm_things_things__owner__open/);
        const sql = store.db
          .prepare("SELECT sql FROM sqlite_master WHERE name = 'rm_things_things__owner__open'")
          .pluck()
          .get() as string;
        expect(sql).toContain("json_extract(index1, '$.owner')");
        const k1 = store.db
          .prepare("SELECT fields, index0, index1, index2 FROM rm_documents WHERE key = 'k1'")
          .get();
        // In the text the writer makes: its first write of an unchanged document touches no index.
        expect(k1).toEqual({
          fields: null,
          index0: '{"open":true,"due":null}',
          index1: '{"owner":"ann","open":true}',
          index2: '{"kind":"a"}',
        });
        // Written after the migration, a change of one value moves the right entry.
        write(store, [['k1', { open: true, owner: 'bob', kind: 'a', due: null }]]);
        expect(store.find('things', 'things', { owner: 'bob', open: true })).toHaveLength(1);
        expect(store.find('things', 'things', { owner: 'ann', open: true })).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      file.remove();
    }
  });
});
