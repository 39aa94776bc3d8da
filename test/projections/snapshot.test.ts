import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type { Document, Projection } from '../../src/projections/types.js';
import { temporaryDatabase } from '../support/files.js';

const projection: Projection = {
  name: 'stock',
  version: 1,
  collections: { bins: { indexes: [['item']] } },
  eventTypes: new Set(),
  apply: () => undefined,
};

interface Bin extends Document {
  item: string;
  count: number;
}

/** Moves `count` of an item from one bin to another, in one commit. */
function move(readModels: SqliteReadModelStore, from: Bin, to: Bin, count: number, at: bigint) {
  const before = readModels.checkpoint('stock')?.position;
  readModels.commit([
    {
      projection: 'stock',
      version: 1,
      from: before,
      position: at,
      writes: new Map([
        [
          'bins',
          new Map([
            ['a', { ...from, count: from.count - count }],
            ['b', { ...to, count: to.count + count }],
          ]),
        ],
      ]),
    },
  ]);
}

describe('a snapshot of the read models (SQLite)', () => {
  let file: ReturnType<typeof temporaryDatabase>;
  const opened: SqliteReadModelStore[] = [];
  const open = () => {
    const readModels = new SqliteReadModelStore(file.path);
    readModels.ensureCollections(projection);
    opened.push(readModels);
    return readModels;
  };
  beforeEach(() => {
    file = temporaryDatabase();
  });
  afterEach(() => {
    for (const readModels of opened.splice(0)) readModels.close();
    file.remove();
  });

  it('sees one state in every query of a read, whatever another process commits meanwhile', () => {
    const writer = open();
    const reader = open();
    move(writer, { item: 'toner', count: 10 }, { item: 'toner', count: 0 }, 0, 1n);
    const get = (key: string) => reader.get<Bin>('stock', 'bins', key)!.count;
    // Another process moves 4 between the two lookups of one read.
    const between = () => {
      const [a, b] = ['a', 'b'].map((key) => writer.get<Bin>('stock', 'bins', key)!);
      move(writer, a!, b!, 4, 2n);
    };

    const apart = (() => {
      const a = get('a');
      between();
      return a + get('b');
    })();
    const together = reader.snapshot(() => {
      const a = get('a');
      between();
      return a + get('b');
    });

    // Read apart, the lookups straddle a commit: 4 counted twice. Read together, 10 as ever.
    expect(apart).toBe(14);
    expect(together).toBe(10);
    expect(get('a') + get('b')).toBe(10);
  });

  it('runs within the transaction already open, and passes on what the read throws', () => {
    const readModels = open();
    move(readModels, { item: 'toner', count: 10 }, { item: 'toner', count: 0 }, 0, 1n);
    expect(
      readModels.db.transaction(() => readModels.snapshot(() => readModels.db.inTransaction))(),
    ).toBe(true);
    expect(() =>
      readModels.snapshot(() => {
        throw new RangeError('not this one');
      }),
    ).toThrow(RangeError);
    expect(readModels.db.inTransaction).toBe(false);
    expect(readModels.snapshot(() => readModels.get<Bin>('stock', 'bins', 'a')!.count)).toBe(10);
  });
});
