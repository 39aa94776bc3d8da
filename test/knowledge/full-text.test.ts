import { afterAll, describe, expect, it } from 'vitest';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { PrivateReadModels } from '../../src/projections/read-models/private.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type { Document, Projection, ReadModelStore } from '../../src/projections/types.js';
import { MemoryKeyStore } from '../../src/privacy/memory-key-store.js';
import { temporaryDatabase } from '../support/files.js';

const notes: Projection = {
  name: 'notes',
  version: 1,
  collections: { notes: { fullText: { field: 'words' } } },
  eventTypes: new Set(),
  apply: () => undefined,
};

const files: Array<{ remove(): void }> = [];
afterAll(() => files.forEach((file) => file.remove()));

let position = 0n;
function write(store: ReadModelStore, docs: Record<string, Document | null>) {
  const from = store.checkpoint('notes')?.position;
  store.commit([
    {
      projection: 'notes',
      version: 1,
      from,
      position: ++position,
      writes: new Map([['notes', new Map(Object.entries(docs))]]),
    },
  ]);
}

const stores = {
  memory: () => new MemoryReadModelStore(),
  sqlite: () => {
    const file = temporaryDatabase();
    files.push(file);
    return new SqliteReadModelStore(file.path);
  },
};

describe.each(Object.entries(stores))('searching documents by words (%s)', (_, open) => {
  it('finds documents by any of the words, the best match first, and follows every write', () => {
    const store = open();
    store.ensureCollections(notes);
    write(store, {
      a: { words: 'Paper jams on tray 2' },
      b: { words: 'Bourrage papier, tiroir 2' },
      c: { words: 'Paper jam and streaks on copies' },
      d: { title: 'no words' },
    });
    expect(store.search('notes', 'notes', 'paper streaks', 10).map((h) => h.key)).toEqual([
      'c',
      'a',
    ]);
    expect(store.search('notes', 'notes', 'PAPIER', 10).map((h) => h.key)).toEqual(['b']);
    // Quotes and FTS5 operators in the words are words, not syntax.
    expect(store.search('notes', 'notes', '"jam" OR NEAR(*', 10).map((h) => h.key)).toContain('c');
    expect(store.search('notes', 'notes', '  -- ', 10)).toEqual([]);

    write(store, { a: { words: 'Network down' }, c: null });
    expect(store.search('notes', 'notes', 'paper', 10)).toEqual([]);
    expect(store.search('notes', 'notes', 'network', 10).map((h) => h.key)).toEqual(['a']);
    store.reset('notes');
    position = 0n;
    expect(store.search('notes', 'notes', 'network', 10)).toEqual([]);
    store.close();
  });

  it('searches only the latest documents with words when asked: first written last, a rewrite keeping its place', () => {
    const store = open();
    store.ensureCollections(notes);
    const recent = (limit = 10) =>
      store
        .search('notes', 'notes', 'paper', limit, { recent: 3 })
        .map((h) => h.key)
        .sort();
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) write(store, { [key]: { words: 'paper' } });
    expect(recent()).toEqual(['k3', 'k4', 'k5']);
    write(store, { k1: { words: 'paper jam' }, k6: { title: 'no words' } });
    expect(recent()).toEqual(['k3', 'k4', 'k5']);
    write(store, { k4: null, k7: { words: 'toner' } });
    expect(recent()).toEqual(['k3', 'k5']);
    write(store, { k8: { words: 'paper' } });
    expect(recent()).toEqual(['k5', 'k8']);
    expect(store.search('notes', 'notes', 'paper', 10, { recent: 0 })).toEqual([]);
    expect(store.search('notes', 'notes', 'paper', 10).length).toBe(5);
    store.reset('notes');
    position = 0n;
    store.close();
  });
});

describe('the privacy of full-text indexes', () => {
  it('refuses a full-text field that holds personal values: its words would survive a forget', () => {
    const personal: Projection = {
      ...notes,
      collections: {
        notes: {
          fullText: { field: 'words' },
          privacy: { fields: [{ path: 'words', subject: (key) => `requester:${key}` }] },
        },
      },
    };
    const store = new PrivateReadModels(new MemoryReadModelStore(), new MemoryKeyStore());
    expect(() => store.ensureCollections(personal)).toThrow(/personal/);
  });
});
