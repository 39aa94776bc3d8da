import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentPages } from '../../src/projections/document-pages.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type { Document, Projection, ReadModelStore } from '../../src/projections/types.js';
import { compareReadModels, scratchFor } from '../../src/projections/verify.js';
import { temporaryDatabase } from '../support/files.js';

const projection: Projection = {
  name: 'things',
  version: 1,
  collections: { things: {} },
  eventTypes: new Set(),
  apply: () => undefined,
};

/** A SQLite read model that refuses to hand over a whole collection: what compares it must read it by pages. */
class PagesOnly extends SqliteReadModelStore {
  override all<T extends Document>(): Iterable<[string, T]> {
    throw new Error('a whole collection was asked for');
  }
}

function put(store: ReadModelStore, documents: ReadonlyArray<readonly [string, Document]>): void {
  const from = store.checkpoint('things')?.position;
  store.commit([
    {
      projection: 'things',
      version: 1,
      from,
      position: (from ?? 0n) + 1n,
      writes: new Map([['things', new Map(documents)]]),
    },
  ]);
}

describe('verification compares read models a page at a time', () => {
  it('walks a collection in key order, in pages of bounded size', () => {
    const file = temporaryDatabase('pages.db');
    const store = new PagesOnly(file.path);
    store.ensureCollections(projection);
    put(
      store,
      Array.from(
        { length: 10 },
        (_, i) => [`k${String(9 - i).padStart(2, '0')}`, { n: 9 - i }] as const,
      ),
    );
    const pages = [...documentPages(store, projection, 'things', 3)];
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat().map((d) => d.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${String(i).padStart(2, '0')}`),
    );
    store.close();
    file.remove();
  });

  it.each([
    [
      'sqlite',
      () => {
        const file = temporaryDatabase();
        const store = new PagesOnly(file.path);
        return {
          store,
          remove: (): void => {
            store.close();
            file.remove();
          },
        };
      },
    ],
    ['memory', () => ({ store: new MemoryReadModelStore(), remove: (): void => undefined })],
  ] as const)(
    'finds every document that differs, is missing or is extra, whatever order the fields were written in (%s)',
    (_, open) => {
      const live = open();
      const rebuilt = open();
      for (const { store } of [live, rebuilt]) store.ensureCollections(projection);
      const many = Array.from(
        { length: 1200 },
        (_, i) => [`doc-${String(i).padStart(4, '0')}`, { n: i, tags: ['a'] }] as const,
      );
      put(live.store, [
        ...many,
        ['only-live', { n: -1 }],
        ['changed', { n: 1, m: 2 }],
        ['reordered', { a: 1, b: { c: 2, d: 3 } }],
      ]);
      put(rebuilt.store, [
        ...many,
        ['only-rebuilt', { n: -2 }],
        ['changed', { n: 1, m: 3 }],
        ['reordered', { b: { d: 3, c: 2 }, a: 1 }],
      ]);
      const { documents, differences, differing } = compareReadModels(
        [projection],
        live.store,
        rebuilt.store,
      );
      expect(differing).toBe(3);
      expect(differences).toEqual([
        {
          projection: 'things',
          collection: 'things',
          key: 'changed',
          live: { n: 1, m: 2 },
          rebuilt: { n: 1, m: 3 },
        },
        {
          projection: 'things',
          collection: 'things',
          key: 'only-live',
          live: { n: -1 },
          rebuilt: undefined,
        },
        {
          projection: 'things',
          collection: 'things',
          key: 'only-rebuilt',
          live: undefined,
          rebuilt: { n: -2 },
        },
      ]);
      expect(documents).toBe(1203); // the rebuilt side's documents
      live.remove();
      rebuilt.remove();
    },
  );

  it('rebuilds beside SQLite read models into a temporary file, removed afterwards', () => {
    const file = temporaryDatabase('live.db');
    const live = new SqliteReadModelStore(file.path);
    const scratch = scratchFor(live, file.dir);
    expect(scratch.readModels).toBeInstanceOf(SqliteReadModelStore);
    expect(
      readdirSync(file.dir).filter((name) => name.startsWith('callstream-verify-')),
    ).toHaveLength(1);
    scratch.dispose();
    expect(
      readdirSync(file.dir).filter((name) => name.startsWith('callstream-verify-')),
    ).toHaveLength(0);
    expect(scratchFor(new MemoryReadModelStore()).readModels).toBeInstanceOf(MemoryReadModelStore);
    live.close();
    file.remove();
  });
});
