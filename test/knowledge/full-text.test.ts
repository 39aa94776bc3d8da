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
