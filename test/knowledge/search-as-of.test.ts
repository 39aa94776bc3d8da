import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type {
  Document,
  Projection,
  ReadModelStore,
  SearchOptions,
} from '../../src/projections/types.js';

/** Notes dated by `at` (an index leads with it), searched by their words. */
const notes: Projection = {
  name: 'notes',
  version: 1,
  collections: { notes: { indexes: [['at']], fullText: { field: 'words' } } },
  eventTypes: new Set(),
  apply: () => undefined,
};

function writer(store: ReadModelStore) {
  let position = 0n;
  store.ensureCollections(notes);
  return (docs: ReadonlyArray<readonly [string, Document | null]>) => {
    store.commit([
      {
        projection: 'notes',
        version: 1,
        from: position === 0n ? undefined : position,
        position: ++position,
        writes: new Map([['notes', new Map(docs)]]),
      },
    ]);
  };
}

const keys = (
  store: ReadModelStore,
  text: string,
  options: SearchOptions,
  limit = 1000,
): string[] =>
  store
    .search('notes', 'notes', text, limit, options)
    .map((hit) => hit.key)
    .sort();

const stores = {
  memory: () => new MemoryReadModelStore(),
  sqlite: () => new SqliteReadModelStore(':memory:'),
};

describe.each(Object.entries(stores))('searching words as of an instant (%s)', (_, open) => {
  it('searches the latest up to the instant, however many came after, and counts a note by its date, not by when it was written', () => {
    const store = open();
    const write = writer(store);
    const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;
    // Ten jams, one a day; then a hundred later notes with the same word.
    for (let n = 1; n <= 10; n++) write([[`jam-${n}`, { at: day(n), words: 'paper jam' }]]);
    for (let n = 0; n < 100; n++) write([[`later-${n}`, { at: '2026-12-01', words: 'paper jam' }]]);
    // Written last, dated the 3rd: what was known on the 3rd includes it.
    write([['late-entry', { at: day(3), words: 'paper jam' }]]);
    const asOf = (value: string, recent?: number) => ({
      until: { field: 'at', value },
      ...(recent === undefined ? {} : { recent }),
    });

    expect(keys(store, 'jam', asOf(day(3)))).toEqual(['jam-1', 'jam-2', 'jam-3', 'late-entry']);
    // The 3 latest as of the 5th, by date, ties by key as a find orders them (descending):
    // the 5th, the 4th, and of the 3rd the greater key.
    expect(keys(store, 'jam', asOf(day(5), 3))).toEqual(['jam-4', 'jam-5', 'late-entry']);
    expect(keys(store, 'jam', asOf(day(5), 4))).toEqual(['jam-3', 'jam-4', 'jam-5', 'late-entry']);
    // A few best asked: a hundred notes written among the window's, dated after it, rank as
    // well as they do and are passed over.
    const best = keys(store, 'jam', asOf(day(5), 3), 2);
    expect(best).toHaveLength(2);
    for (const key of best) expect(['jam-4', 'jam-5', 'late-entry']).toContain(key);
    // Not the latest written cut back to the instant: those would all be after it.
    expect(keys(store, 'jam', { recent: 3 })).toEqual(['late-entry', 'later-98', 'later-99']);
    expect(keys(store, 'jam', asOf('2026-10-31'))).toEqual([]);
    expect(keys(store, 'jam', asOf(day(5), 0))).toEqual([]);
    expect(keys(store, 'toner', asOf(day(5)))).toEqual([]);
    // Rewritten later, a note keeps its date; deleted, it is gone as of any instant.
    write([
      ['jam-4', { at: day(4), words: 'toner streaks' }],
      ['jam-5', null],
    ]);
    expect(keys(store, 'jam', asOf(day(5), 2))).toEqual(['late-entry']);
    expect(keys(store, 'toner', asOf(day(5)))).toEqual(['jam-4']);
    store.close();
  });

  it('refuses a window on a field no index leads with, as a find would', () => {
    const store = open();
    writer(store)([['a', { at: '2026-11-01', words: 'jam', other: 1 }]]);
    expect(() =>
      store.search('notes', 'notes', 'jam', 10, { until: { field: 'other', value: 1 }, recent: 5 }),
    ).toThrow(/index/i);
    store.close();
  });
});

describe('a search as of an instant, on SQLite (its window on the index, FTS5 between rowids) and in memory, finds what was known then', () => {
  const note = fc.record({
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    // Some notes without a date: never within a window.
    at: fc.option(fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'), {
      nil: undefined,
    }),
    words: fc.constantFrom('paper jam', 'toner', 'jam and toner', ''),
    deleted: fc.boolean(),
  });
  const search = fc.record({
    text: fc.constantFrom('jam', 'toner', 'paper toner'),
    value: fc.constantFrom('2025-12-31', '2026-01-01', '2026-02-15', '2026-03-01', '2026-09-01'),
    recent: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  });

  it('for random notes written in random batches (rewrites and deletes included) and searches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(note, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.array(search, { minLength: 1, maxLength: 4 }),
        (batches, searches) => {
          const memory = new MemoryReadModelStore();
          const sqlite = new SqliteReadModelStore(':memory:');
          try {
            const writes = [writer(memory), writer(sqlite)];
            const stored = new Map<string, { at?: string; words: string }>();
            for (const batch of batches) {
              const docs = new Map<string, Document | null>();
              for (const { key, at, words, deleted } of batch)
                docs.set(key, deleted ? null : { ...(at ? { at } : {}), words });
              for (const write of writes) write([...docs]);
              for (const [key, doc] of docs)
                if (doc === null) stored.delete(key);
                else stored.set(key, doc as { at?: string; words: string });
            }
            for (const { text, value, recent } of searches) {
              const options = {
                until: { field: 'at', value },
                ...(recent === undefined ? {} : { recent }),
              };
              // What was known then: the notes dated by the value, the `recent` latest of them
              // (by date, then key, both descending), those with any of the words.
              const window = [...stored]
                .flatMap(([key, doc]) =>
                  doc.at !== undefined && doc.at <= value ? [{ key, at: doc.at, doc }] : [],
                )
                .sort((x, y) => (x.at === y.at ? (x.key < y.key ? 1 : -1) : x.at < y.at ? 1 : -1))
                .map(({ key, doc }) => [key, doc] as const)
                .slice(0, recent ?? Infinity);
              const terms = text.split(' ');
              const expected = window
                .filter(([, doc]) => doc.words.split(' ').some((word) => terms.includes(word)))
                .map(([key]) => key)
                .sort();
              expect(keys(memory, text, options)).toEqual(expected);
              expect(keys(sqlite, text, options)).toEqual(expected);
            }
          } finally {
            sqlite.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
