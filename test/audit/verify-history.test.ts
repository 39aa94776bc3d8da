import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../src/audit/verify-history.js';
import { Callstream } from '../../src/callstream.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { GENESIS_HEX, parseDigest } from '../../src/store/seal.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';
import { play } from '../support/histories.js';
import { duplicate, rewrite, rows, swap, tamper } from '../support/tamper.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup) undo();
  cleanup = [];
});

/** A SQLite file with four calls through the real pipeline, closed. */
async function storedHistory(): Promise<string> {
  const db = temporaryDatabase();
  cleanup.push(db.remove);
  const callstream = await Callstream.open({ file: db.path, customerValidation: false });
  await play(callstream, []);
  await callstream.close();
  return db.path;
}

async function verifyFile(file: string, against?: string) {
  const store = new SqliteEventStore(file);
  try {
    return await verifyHistory(store, against ? { against: parseDigest(against) } : {});
  } finally {
    await store.close();
  }
}

describe('verify: an untouched store', () => {
  it('verifies, with its head digest', async () => {
    const file = await storedHistory();
    const report = await verifyFile(file);
    expect(report.breaks).toEqual([]);
    expect(report.intact).toBe(true);
    expect(report.events).toBeGreaterThan(4);
    expect(report.digest).toMatch(/^\d+:[0-9a-f]{64}$/);
  });

  it('verifies a memory store the same way', async () => {
    const store = new MemoryEventStore();
    const callstream = await Callstream.open({ store, customerValidation: false });
    await play(callstream, []);
    const report = await callstream.verifyHistory();
    expect(report.intact).toBe(true);
    expect(report.events).toBeGreaterThan(4);
  });
});

describe('verify: a damaged store names each break', () => {
  it('an edited field of the data: edited, at that event', async () => {
    const file = await storedHistory();
    const target = tamper(file, (db) => {
      const row = rows(db).find((r) => r.type === 'CallLogged')!;
      rewrite(db, row.position, { data: row.data.replace('server-x', 'server-y') });
      return row;
    });
    const report = await verifyFile(file);
    expect(report.intact).toBe(false);
    expect(report.breaks).toEqual([
      expect.objectContaining({
        kind: 'edited',
        position: BigInt(target.position),
        streamName: target.stream,
        revision: BigInt(target.revision),
      }),
    ]);
  });

  it('a changed actor in the metadata: edited', async () => {
    const file = await storedHistory();
    const target = tamper(file, (db) => {
      const row = rows(db).at(-1)!;
      rewrite(db, row.position, {
        metadata: row.metadata.replace(/"id":"[^"]+"/, '"id":"mallory"'),
      });
      return row;
    });
    const report = await verifyFile(file);
    expect(report.breaks.map((b) => [b.kind, b.position])).toEqual([
      ['edited', BigInt(target.position)],
    ]);
  });

  it('a deleted event: deleted, where it is missing', async () => {
    const file = await storedHistory();
    const target = tamper(file, (db) => {
      const all = rows(db);
      const row = all[Math.floor(all.length / 2)]!;
      db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
      return row;
    });
    const report = await verifyFile(file);
    expect(report.intact).toBe(false);
    expect(report.breaks).toContainEqual(
      expect.objectContaining({ kind: 'deleted', position: BigInt(target.position) }),
    );
  });

  it('a duplicated event: inserted', async () => {
    const file = await storedHistory();
    const at = tamper(file, (db) => duplicate(db, 3));
    const report = await verifyFile(file);
    expect(report.breaks).toEqual([
      expect.objectContaining({ kind: 'inserted', position: BigInt(at) }),
    ]);
  });

  it('two events swapped: reordered, at both', async () => {
    const file = await storedHistory();
    tamper(file, (db) => swap(db, 2, 3));
    const report = await verifyFile(file);
    expect(report.breaks.filter((b) => b.kind === 'reordered').map((b) => b.position)).toEqual([
      2n,
      3n,
    ]);
  });

  it('two events of different streams swapped: reordered at both, and the event after them untouched', async () => {
    const file = await storedHistory();
    const [a, b] = tamper(file, (db) => {
      const all = rows(db);
      const at = all.findIndex((row, i) => i > 0 && row.stream !== all[i + 1]?.stream);
      swap(db, all[at]!.position, all[at + 1]!.position);
      return [all[at]!.position, all[at + 1]!.position];
    });
    const report = await verifyFile(file);
    expect(report.breaks.map((b) => [b.kind, b.position])).toEqual([
      ['reordered', BigInt(a)],
      ['reordered', BigInt(b)],
    ]);
  });

  it('a cut tail: truncated', async () => {
    const file = await storedHistory();
    const last = tamper(file, (db) => {
      const all = rows(db);
      db.prepare('DELETE FROM events WHERE position > ?').run(all.length - 3);
      return all.length;
    });
    const report = await verifyFile(file);
    expect(report.breaks).toEqual([
      expect.objectContaining({ kind: 'truncated', position: BigInt(last) }),
    ]);
  });

  it('an event its schema no longer decodes: undecodable', async () => {
    const file = await storedHistory();
    tamper(file, (db) => rewrite(db, 1, { type: 'NoSuchEvent' }));
    const report = await verifyFile(file);
    expect(report.breaks.map((b) => b.kind).sort()).toEqual(['edited', 'undecodable']);
  });
});

describe('verify against a digest kept outside', () => {
  it('holds for the same history and for one that grew from it', async () => {
    const file = await storedHistory();
    const digest = (await verifyFile(file)).digest!;
    const callstream = await Callstream.open({ file, customerValidation: false });
    await play(callstream, []);
    await callstream.close();
    const report = await verifyFile(file, digest);
    expect(report.against).toEqual({ digest, holds: true });
    expect(report.intact).toBe(true);
  });

  it('fails when the history up to it was rewritten, seal and all', async () => {
    const file = await storedHistory();
    const digest = (await verifyFile(file)).digest!;
    // A rewrite that recomputes every seal cannot be told from the inside: only the digest shows it.
    const db = new Database(file);
    const first = rows(db)[0]!;
    db.close();
    tamper(file, (raw) => raw.prepare('DELETE FROM events').run());
    const rebuilt = new Database(file);
    rebuilt.exec('DELETE FROM seal_head');
    rebuilt.close();
    const store = new SqliteEventStore(file);
    await store.appendToStream(
      first.stream,
      [
        {
          id: first.event_id,
          type: first.type,
          data: JSON.parse(first.data.replace('server-x', 'server-z')),
          metadata: JSON.parse(first.metadata),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.close();
    const report = await verifyFile(file, digest);
    expect(report.against?.holds).toBe(false);
    expect(report.intact).toBe(false);
  });
});

describe('verify against a digest whose position holds no event', () => {
  it('at position 0 holds only with the chain of the empty history, and is a break otherwise', async () => {
    const file = await storedHistory();
    const { digest } = await verifyFile(file);
    const [, chain] = digest!.split(':');
    const atZero = await verifyFile(file, `0:${chain}`);
    expect(atZero).toMatchObject({ intact: false, against: { holds: false } });
    expect(atZero.breaks).toEqual([expect.objectContaining({ kind: 'edited', position: 0n })]);
    const empty = await verifyFile(file, `0:${GENESIS_HEX}`);
    expect(empty).toMatchObject({ intact: true, against: { holds: true } });
  });

  it('past the last event is a cut history: truncated', async () => {
    const file = await storedHistory();
    const { digest } = await verifyFile(file);
    const [position, chain] = digest!.split(':');
    const report = await verifyFile(file, `${BigInt(position!) + 5n}:${chain}`);
    expect(report).toMatchObject({ intact: false, against: { holds: false } });
    expect(report.breaks).toEqual([expect.objectContaining({ kind: 'truncated' })]);
  });
});

describe('SQLite refuses to change stored events', () => {
  it('UPDATE and DELETE fail loudly', async () => {
    const file = await storedHistory();
    const db = new Database(file);
    cleanup.push(() => db.close());
    expect(() => db.prepare("UPDATE events SET data = '{}' WHERE position = 1").run()).toThrow(
      /never changed or deleted/,
    );
    expect(() => db.prepare('DELETE FROM events WHERE position = 1').run()).toThrow(
      /never changed or deleted/,
    );
  });
});
