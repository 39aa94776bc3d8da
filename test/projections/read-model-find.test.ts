import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { UnindexedQuery } from '../../src/projections/read-models/index-choice.js';
import type {
  Document,
  Filter,
  FindOptions,
  Projection,
  ReadModelStore,
} from '../../src/projections/types.js';

const projection: Projection = {
  name: 'things',
  version: 1,
  collections: {
    things: {
      indexes: [
        ['open', 'due'],
        ['owner', 'open', 'rank'],
        ['kind', 'due'],
        ['kind', 'open', 'due', 'rank'],
        // A field alone: the documents with it fixed come in key order (a walk's pages).
        ['owner'],
      ],
    },
  },
  eventTypes: new Set(),
  apply: () => undefined,
};

/** A flag as projections write it: a boolean, or (an older version, a user's projection) 1 and 0. */
const flag = fc.oneof(fc.boolean(), fc.constantFrom(0, 1));

const thing = fc.record({
  open: flag,
  owner: fc.constantFrom('ann', 'bob', 'eve'),
  kind: fc.constantFrom('a', 'b', 'c', 'd'),
  due: fc.option(fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'), {
    nil: null,
  }),
  // Mixed types in one field: numbers, booleans, text (a digit, letters UTF-16 orders apart
  // from UTF-8 among it), an object, none.
  rank: fc.option(
    fc.oneof(
      fc.integer({ min: 0, max: 5 }),
      fc.boolean(),
      fc.constantFrom('low', 'high', '3', '\uffff', '😀', 'é'),
      fc.constant({ x: 1 }),
    ),
    { nil: null },
  ),
});

/** A bound on the first order field: a date, a number, a text of each kind the ranks hold. */
const until = fc.constantFrom('2026-02-01', '2026-02-15', 2, 'low', '\uffff', '😀');
const query: fc.Arbitrary<{ filter: Filter; options: FindOptions }> = fc.oneof(
  fc.record({
    filter: fc.record({ open: flag }),
    options: fc.record(
      {
        orderBy: fc.constant('due'),
        descending: fc.boolean(),
        limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        until,
      },
      { requiredKeys: ['orderBy'] },
    ),
  }),
  fc.record({
    filter: fc.record({ owner: fc.constantFrom('ann', 'bob'), open: flag }),
    options: fc.record(
      {
        orderBy: fc.constant('rank'),
        descending: fc.boolean(),
        limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        until,
      },
      { requiredKeys: ['orderBy'] },
    ),
  }),
  fc.record({
    filter: fc.record(
      { kind: fc.subarray(['a', 'b', 'c', 'd'], { minLength: 1 }), open: flag },
      { requiredKeys: ['kind'] },
    ),
    options: fc.record(
      {
        orderBy: fc.constant('due'),
        descending: fc.boolean(),
        limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        until,
      },
      { requiredKeys: ['orderBy'] },
    ),
  }),
  fc.record({
    // A list of values of several types: one seek each, merged in SQLite's order of types.
    filter: fc.record({
      owner: fc.constantFrom('ann', 'bob'),
      open: flag,
      rank: fc.subarray([0, 1, 3, true, false, 'low', '3', '😀', '{"x":1}', null], {
        minLength: 1,
      }),
    }),
    options: fc.record({ descending: fc.boolean() }),
  }),
  fc.record({
    // A list on the field before the order: one read per value, merged on values of several types.
    filter: fc.record({
      owner: fc.constantFrom('ann', 'bob'),
      open: fc.subarray([true, false, 0, 1], { minLength: 2 }),
    }),
    options: fc.record(
      {
        orderBy: fc.constant('rank'),
        descending: fc.boolean(),
        limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        until,
      },
      { requiredKeys: ['orderBy'] },
    ),
  }),
  fc.record({
    filter: fc.record({ owner: fc.constantFrom('ann', 'eve') }),
    options: fc.record({ descending: fc.boolean() }),
  }),
  fc.record({
    filter: fc.record({ kind: fc.constantFrom('a', 'b'), open: flag }),
    options: fc.record(
      {
        orderBy: fc.constant(['due', 'rank']),
        descending: fc.boolean(),
        limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        until,
      },
      { requiredKeys: ['orderBy'] },
    ),
  }),
);

function fill(store: ReadModelStore, things: readonly Document[]): void {
  store.ensureCollections(projection);
  const docs = new Map<string, Document | null>(
    things.map((t, i) => [`k${String(i).padStart(3, '0')}`, t]),
  );
  store.commit([
    {
      projection: 'things',
      version: 1,
      from: undefined,
      position: 1n,
      writes: new Map([['things', docs]]),
    },
  ]);
}

describe('find and count on the SQLite store (index seeks, merged lists, documents without the order field last, bounds up to a value) equal the plain in-memory scan and sort', () => {
  it('for random documents and queries', () => {
    fc.assert(
      fc.property(
        fc.array(thing, { maxLength: 40, size: 'max' }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        (things, queries) => {
          const memory = new MemoryReadModelStore();
          const sqlite = new SqliteReadModelStore(':memory:');
          try {
            fill(memory, things);
            fill(sqlite, things);
            for (const { filter, options } of queries) {
              expect(sqlite.find('things', 'things', filter, options)).toEqual(
                memory.find('things', 'things', filter, options),
              );
              // Counted on the same index, with and without a bound: as many as found.
              const upTo = options.limit === undefined ? {} : { upTo: options.limit };
              expect(sqlite.count('things', 'things', filter, upTo)).toBe(
                memory.count('things', 'things', filter, upTo),
              );
              expect(sqlite.count('things', 'things', filter)).toBe(
                memory.find('things', 'things', filter).length,
              );
            }
          } finally {
            sqlite.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('orders text by code point as SQLite does (UTF-8), not by UTF-16 unit, in one read and in merged reads', () => {
    const memory = new MemoryReadModelStore();
    const sqlite = new SqliteReadModelStore(':memory:');
    // U+FFFF is one UTF-16 unit above the surrogates of U+1F600, and one code point below it.
    const things = ['\uffff', '😀', 'é', 'z'].map((rank, i) => ({
      open: i % 2 === 0,
      owner: 'ann',
      kind: 'a',
      due: null,
      rank,
    }));
    fill(memory, things);
    fill(sqlite, things);
    for (const open of [true, [true, false]]) {
      const ranks = (store: ReadModelStore) =>
        store
          .find<Document>('things', 'things', { owner: 'ann', open }, { orderBy: 'rank' })
          .map((d) => d.rank);
      expect(ranks(memory)).toEqual(ranks(sqlite));
    }
    expect(
      memory
        .find<Document>(
          'things',
          'things',
          { owner: 'ann', open: [true, false] },
          { orderBy: 'rank' },
        )
        .map((d) => d.rank),
    ).toEqual(['z', 'é', '\uffff', '😀']);
    sqlite.close();
  });

  it('orders documents without the order field after the others, ties by key in the same direction', () => {
    const sqlite = new SqliteReadModelStore(':memory:');
    fill(sqlite, [
      { open: true, owner: 'ann', kind: 'a', due: null, rank: null },
      { open: true, owner: 'ann', kind: 'a', due: '2026-02-01', rank: 1 },
      { open: true, owner: 'ann', kind: 'b', due: '2026-01-01', rank: 1 },
      { open: true, owner: 'ann', kind: 'a', due: '2026-01-01', rank: 1 },
    ]);
    const keys = (options: FindOptions, filter: Filter = { open: true }) =>
      sqlite
        .find<Document & { kind: string; due: string | null }>('things', 'things', filter, options)
        .map((d) => `${d.kind}${d.due ?? '-'}`);
    expect(keys({ orderBy: 'due' })).toEqual(['b2026-01-01', 'a2026-01-01', 'a2026-02-01', 'a-']);
    expect(keys({ orderBy: 'due', descending: true })).toEqual([
      'a2026-02-01',
      'a2026-01-01',
      'b2026-01-01',
      'a-',
    ]);
    expect(keys({ orderBy: 'due', limit: 2 }, { kind: ['a', 'b'] })).toEqual([
      'b2026-01-01',
      'a2026-01-01',
    ]);
    sqlite.close();
  });
});

describe('a filtered walk (`all` with a filter) gives what `find` gives, in key order, a page at a time', () => {
  // More documents than a page holds (100), so that walks continue past many pages' last keys.
  const things = fc.sample(thing, { numRuns: 1_600, seed: 25 });
  const walked = (store: ReadModelStore, filter: Filter) =>
    [...store.all<Document>('things', 'things', { filter })].map(([key]) => key);
  const found = (store: ReadModelStore, filter: Filter) =>
    store.find<Document>('things', 'things', filter).map((doc) => doc.key as string);

  it('on both stores, for a value, more fields than the index holds, and a list merged from several seeks', () => {
    const keyed = things.map((t, i) => ({ ...t, key: `k${String(i).padStart(3, '0')}` }));
    const memory = new MemoryReadModelStore();
    const sqlite = new SqliteReadModelStore(':memory:');
    try {
      fill(memory, keyed);
      fill(sqlite, keyed);
      const filters: Filter[] = [
        { owner: 'ann' },
        { owner: 'bob', open: true },
        // The best seek (owner, open) does not give key order; the owner index alone does.
        { owner: 'ann', open: 1 },
        { owner: ['ann', 'eve'] },
        { open: false, due: '2026-02-01' },
        { kind: 'd', due: [null, '2026-03-01'] },
        { owner: 'nobody' },
      ];
      for (const filter of filters) {
        const expected = found(memory, filter).sort();
        expect(walked(sqlite, filter), JSON.stringify(filter)).toEqual(expected);
        expect(walked(memory, filter), JSON.stringify(filter)).toEqual(expected);
      }
      // The walks that matter here cross pages: a page holds 100.
      expect(found(memory, { owner: 'ann' }).length).toBeGreaterThan(500);
      expect(found(memory, { owner: ['ann', 'eve'] }).length).toBeGreaterThan(1_000);
    } finally {
      sqlite.close();
    }
  });

  it('walks keys in the same order on both stores: code points, as SQLite compares text', () => {
    const keys = ['z', '\uffff', '😀', 'é', 'a'];
    const stores = [new MemoryReadModelStore(), new SqliteReadModelStore(':memory:')];
    for (const store of stores) {
      store.ensureCollections(projection);
      store.commit([
        {
          projection: 'things',
          version: 1,
          from: undefined,
          position: 1n,
          writes: new Map([['things', new Map(keys.map((key) => [key, { owner: 'ann', key }]))]]),
        },
      ]);
    }
    const [memory, sqlite] = stores.map((store) => walked(store, { owner: 'ann' }));
    expect(memory).toEqual(['a', 'z', 'é', '\uffff', '😀']);
    expect(sqlite).toEqual(memory);
    expect([...stores[0]!.all('things', 'things')].map(([key]) => key)).toEqual(memory);
  });

  it('refuses, on both stores, a filter no index serves, and one whose index would give its documents out of key order (each page a sort of every match)', () => {
    for (const store of [new MemoryReadModelStore(), new SqliteReadModelStore(':memory:')]) {
      fill(store, things.slice(0, 3));
      expect(() => walked(store, { rank: 1 })).toThrow(UnindexedQuery);
      expect(() => walked(store, { kind: 'a' })).toThrow(/in key order/);
      expect(() => walked(store, { kind: 'a', open: true })).toThrow(UnindexedQuery);
      expect(store.find('things', 'things', { kind: 'a' })).toBeDefined();
    }
  });
});
