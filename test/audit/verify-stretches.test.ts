import { copyFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BreakList } from '../../src/audit/history-report.js';
import {
  HistoryWalk,
  type AssumedStream,
  type WalkedStretch,
} from '../../src/audit/history-walk.js';
import { streamHashHex, type SealedRow } from '../../src/store/seal.js';
import { laterStretchFrom, type VerifyWorkerOptions } from '../../src/audit/verify-stretches.js';
import type { HistoryReport } from '../../src/audit/verify-history.js';
import { Callstream } from '../../src/callstream.js';
import { temporaryDatabase } from '../support/files.js';
import { history, play } from '../support/histories.js';
import { rewrite, rows, swap, tamper, verifyFile } from '../support/tamper.js';
import { playedFile, unsealedFile } from '../support/stored-files.js';

// The worker runs compiled code (the test run builds dist first): a worker thread has no TypeScript loader.
// The library's (tsc's output) and the CLI bundle's, which ships its own beside the code that starts it.
const scripts = [
  ['library', new URL('../../dist/audit/verify-worker.js', import.meta.url)],
  ['CLI bundle', new URL('../../dist/cli-bundle/verify-worker.js', import.meta.url)],
] as const;
const [[, script]] = scripts;

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup) undo();
  cleanup = [];
});

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

async function storedHistory(actions: Value<typeof history> = []): Promise<string> {
  const db = temporaryDatabase();
  cleanup.push(db.remove);
  return playedFile(db.path, actions);
}

/** verify on one thread, and with the events after `at` walked on a worker thread. */
async function bothWays(file: string, at: bigint, options: VerifyWorkerOptions = {}) {
  const alone = await verifyFile(file, {
    pageSize: 3,
    worker: { minEvents: Number.MAX_SAFE_INTEGER },
  });
  const split = await verifyFile(file, {
    pageSize: 3,
    worker: { script, minEvents: 0, whenBusy: true, at, ...options },
  });
  return { alone, split };
}

const withoutWorker = ({ workerFrom: _, ...report }: HistoryReport) => report;

/** One change to the stored seals or events, behind the store's back. */
const change = fc.record({
  kind: fc.constantFrom('none', 'hash', 'chain', 'no hash', 'no chain', 'data', 'delete', 'swap'),
  pick: fc.nat(),
  other: fc.nat(),
});

function apply(file: string, { kind, pick, other }: Value<typeof change>): void {
  tamper(file, (db) => {
    const all = rows(db);
    const row = all[pick % all.length]!;
    const another = all[other % all.length]!;
    switch (kind) {
      case 'none':
        return;
      case 'hash':
        return rewrite(db, row.position, { hash: another.hash });
      case 'chain':
        return rewrite(db, row.position, { chain: another.chain });
      case 'no hash':
        return rewrite(db, row.position, { hash: null });
      case 'no chain':
        return rewrite(db, row.position, { chain: null });
      case 'data':
        return rewrite(db, row.position, { data: `${row.data} ` });
      case 'delete':
        return void db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
      case 'swap':
        return row.position === another.position
          ? undefined
          : swap(db, row.position, another.position);
    }
  });
}

describe('verify in two stretches, the later one on a worker thread', () => {
  it('reports exactly what one walk reports, for random histories, changes and places to split', async () => {
    let joined = 0;
    await fc.assert(
      fc.asyncProperty(history, change, fc.nat(), async (actions, tampering, place) => {
        const file = await storedHistory(actions);
        apply(file, tampering);
        const stored = tamper(file, rows);
        const events = stored.length;
        const at = BigInt(place % (events + 2));
        const { alone, split } = await bothWays(file, at);
        expect(withoutWorker(split)).toEqual(alone);
        // The worker is named only for events it walked, and then in the place it was given
        // (after the last position, not the number of rows: a deleted event leaves a gap).
        const last = BigInt(stored.reduce((max, row) => Math.max(max, row.position), 0));
        if (at >= last) expect(split.workerFrom).toBeUndefined();
        if (split.workerFrom !== undefined) {
          expect(split.workerFrom).toBe(at);
          joined++;
        }
      }),
      { numRuns: 15 },
    );
    // The property holds for joined stretches too, not only for walks done here again.
    expect(joined).toBeGreaterThan(0);
  }, 600_000);

  it.each(scripts)('joins the stretches of an intact history (%s)', async (_, script) => {
    const file = await storedHistory();
    const events = tamper(file, (db) => rows(db).length);
    const at = BigInt(events >> 1);
    const alone = await verifyFile(file, { worker: { minEvents: Number.MAX_SAFE_INTEGER } });
    let checked = 0;
    const split = await verifyFile(file, {
      pageSize: 2,
      worker: { script, minEvents: 0, whenBusy: true, at },
      onProgress: (count) => (checked = count),
    });
    expect(alone.intact).toBe(true);
    expect(split).toEqual({ ...alone, workerFrom: at });
    expect(checked).toBe(events);
  });

  it('walks the later stretch here when an event there does not decode, with the same report', async () => {
    const file = await storedHistory();
    tamper(file, (db) => {
      rewrite(db, 2, { type: 'NoSuchEvent' });
      rewrite(db, 9, { metadata: '{"schemaVersion":"one"' });
    });
    const { alone, split } = await bothWays(file, 5n);
    expect(alone.breaks.filter((b) => b.kind === 'undecodable').map((b) => b.position)).toEqual([
      2n,
      9n,
    ]);
    expect(split).toEqual(alone);
  });

  it('walks the later stretch here when neighbours are swapped across the split, with the same report', async () => {
    const file = await storedHistory();
    const stored = tamper(file, rows);
    const sameStream = stored.findIndex((row, i) => i > 0 && stored[i - 1]!.stream === row.stream);
    const otherStream = stored.findIndex((row, i) => i > 0 && stored[i - 1]!.stream !== row.stream);
    for (const i of [sameStream, otherStream]) {
      const copy = temporaryDatabase();
      cleanup.push(copy.remove);
      copyFileSync(file, copy.path);
      const [before, after] = [stored[i - 1]!.position, stored[i]!.position];
      tamper(copy.path, (db) => swap(db, before, after));
      // Each walk sees one half of the swap: only one walk sees both as reordered.
      const { alone, split } = await bothWays(copy.path, BigInt(before));
      expect(alone.breaks.filter((b) => b.kind === 'reordered').length).toBeGreaterThanOrEqual(2);
      expect(split).toEqual(alone);
    }
  });

  it('is not started without its compiled script (as when running from the sources)', async () => {
    const file = await storedHistory();
    const { alone, split } = await bothWays(file, 3n, {
      script: new URL('./no-such-worker.js', import.meta.url),
    });
    expect(split).toEqual(alone);
  });
});

describe('joining a later stretch to the walk before it', () => {
  const hash = (n: number) => n.toString(16).padStart(64, '0');
  /** A stored row of `call-1` at `revision`, its seal chained from `from`. */
  function row(revision: bigint, from: string): SealedRow {
    const event = {
      id: `event-${revision}`,
      streamName: 'call-1',
      revision,
      type: 'TimeBooked',
      data: '{}',
      metadata: '{}',
    };
    return { ...event, position: 11n, hash: streamHashHex(from, event), chain: hash(6) };
  }
  /** A walk that has met one stream, `call-1` at revision 4, ending at position 10. */
  function walkBefore(): HistoryWalk {
    const walk = new HistoryWalk(new BreakList(10), undefined, undefined, undefined);
    walk.previous = 10n;
    walk.chain = hash(1);
    walk.streams.set('call-1', { revision: 4n, hash: hash(2) });
    return walk;
  }
  const stretch = (seeded: Partial<WalkedStretch['seeded']> = {}): WalkedStretch => ({
    events: 5,
    streams: new Map([
      ['call-1', { revision: 6n, hash: hash(3) }],
      ['call-2', { revision: 0n, hash: hash(4) }],
    ]),
    previous: 15n,
    chain: hash(5),
    againstMatched: false,
    tail: new Map(),
    seeded: {
      previous: 10n,
      chain: hash(1),
      streams: new Map<string, AssumedStream>([
        ['call-1', { revision: 4n, first: row(5n, hash(2)) }],
        ['call-2', null],
      ]),
      ...seeded,
    },
  });

  it('goes on from the stretch when it started exactly where the walk ends', () => {
    const walk = walkBefore();
    expect(walk.absorb(stretch())).toBe(true);
    expect([walk.events, walk.previous, walk.chain]).toEqual([5, 15n, hash(5)]);
    expect(walk.streams.get('call-1')).toEqual({ revision: 6n, hash: hash(3) });
    expect(walk.streams.size).toBe(2);
  });

  it('refuses a stretch that started from any other state', () => {
    expect(walkBefore().absorb(stretch({ previous: 9n }))).toBe(false);
    expect(walkBefore().absorb(stretch({ chain: hash(9) }))).toBe(false);
    const took = (assumed: AssumedStream) => new Map([['call-1', assumed]]);
    // Another revision, a first row chained from another hash, or one without its seal.
    expect(
      walkBefore().absorb(stretch({ streams: took({ revision: 3n, first: row(4n, hash(2)) }) })),
    ).toBe(false);
    expect(
      walkBefore().absorb(stretch({ streams: took({ revision: 4n, first: row(5n, hash(9)) }) })),
    ).toBe(false);
    expect(
      walkBefore().absorb(
        stretch({ streams: took({ revision: 4n, first: { ...row(5n, hash(2)), hash: null } }) }),
      ),
    ).toBe(false);
    // A stream taken as new that the walk holds, and one the walk has never met.
    expect(walkBefore().absorb(stretch({ streams: took(null) }))).toBe(false);
    expect(
      walkBefore().absorb(
        stretch({ streams: new Map([['call-3', { revision: 0n, first: row(1n, hash(2)) }]]) }),
      ),
    ).toBe(false);
  });
});

describe('where the later stretch starts', () => {
  it('takes 45 % of what is left, after the migrated events, and only a stretch worth a worker', () => {
    expect(laterStretchFrom(0n, 200_000n, 0n)).toBe(110_000n);
    expect(laterStretchFrom(100_000n, 200_000n, 0n)).toBe(155_000n);
    // The migration sealed the first 150,000 events: the worker starts after them.
    expect(laterStretchFrom(0n, 200_000n, 150_000n)).toBe(150_000n);
    expect(laterStretchFrom(0n, 200_000n, 195_000n)).toBeUndefined();
    expect(laterStretchFrom(180_000n, 200_000n, 0n)).toBeUndefined();
  });
});

describe('the later stretch of a history sealed by its migration', () => {
  /** A file written before sealing (schema 1) with `before` events, sealed on open, then more events. */
  async function migratedHistory(): Promise<{ file: string; before: number; events: number }> {
    const source = await storedHistory();
    const old = temporaryDatabase();
    cleanup.push(old.remove);
    const stored = tamper(source, rows);
    unsealedFile(old.path, stored);
    const callstream = await Callstream.open({
      file: old.path,
      customerValidation: false,
      projectionMode: 'manual',
    });
    await play(callstream, []);
    await callstream.close();
    return { file: old.path, before: stored.length, events: tamper(old.path, rows).length };
  }

  it('joins from the migration seal on, and walks here from inside the migrated events', async () => {
    const { file, before, events } = await migratedHistory();
    expect(events).toBeGreaterThan(before);
    for (const at of [BigInt(before), BigInt(before + 3)]) {
      const { alone, split } = await bothWays(file, at);
      expect(alone.intact).toBe(true);
      expect(split).toEqual({ ...alone, workerFrom: at });
    }
    // Inside the migrated events the chain is computed, not stored: only one walk knows it.
    const { alone, split } = await bothWays(file, BigInt(before - 2));
    expect(split).toEqual(alone);
  });
});
