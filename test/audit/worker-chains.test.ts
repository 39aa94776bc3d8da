import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BreakList } from '../../src/audit/history-report.js';
import { HistoryWalk } from '../../src/audit/history-walk.js';
import { handedChains, unconfirmedChains } from '../../src/audit/page-chains.js';
import type { HistoryReport } from '../../src/audit/verify-history.js';
import { Callstream } from '../../src/callstream.js';
import { chainHashHex, GENESIS_HEX, streamHashHex, type SealedRow } from '../../src/store/seal.js';
import { temporaryDatabase } from '../support/files.js';
import { history, play } from '../support/histories.js';
import { rewrite, rows, storedRows, swap, tamper, verifyFile } from '../support/tamper.js';

// The worker runs compiled code (the test run builds dist first).
const script = new URL('../../dist/audit/decode-worker.js', import.meta.url);

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup) undo();
  cleanup = [];
});

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

async function storedHistory(actions: Value<typeof history> = []): Promise<string> {
  const db = temporaryDatabase();
  cleanup.push(db.remove);
  const callstream = await Callstream.open({
    file: db.path,
    customerValidation: false,
    projectionMode: 'manual',
  });
  await play(callstream, actions);
  await callstream.close();
  return db.path;
}

/** The chain before each event, as verify hands it over: the stored chain of the one before. */
const unconfirmed = (page: readonly SealedRow[], before: string | null = GENESIS_HEX) =>
  unconfirmedChains(handedChains(page, before));

const flipped = (hex: string): string => `${hex.startsWith('0') ? '1' : '0'}${hex.slice(1)}`;

describe('the global chain of a page, checked on the worker thread', () => {
  it('confirms every link of an untouched history, from any page boundary', async () => {
    const all = await storedRows(await storedHistory());
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(unconfirmed(all)).toEqual([]);
    expect(unconfirmed(all.slice(5, 11), all[4]!.chain)).toEqual([]);
  });

  it('leaves to the walk each link it cannot confirm on the values handed over', async () => {
    const all = (await storedRows(await storedHistory())).slice(0, 12);
    const changed = (at: number, change: Partial<SealedRow>) =>
      unconfirmed(all.map((row, i) => (i === at ? { ...row, ...change } : row)));
    const row = all[4]!;
    // A chain is the link of its own event and the start of the next one's.
    expect(changed(4, { chain: flipped(row.chain!) })).toEqual([4, 5]);
    expect(changed(4, { chain: null })).toEqual([4, 5]);
    // Upper-case hex is other text for the same bytes: the next link reads them, as the walk does.
    expect(changed(4, { chain: row.chain!.toUpperCase() })).toEqual([4]);
    expect(changed(4, { hash: flipped(row.hash!) })).toEqual([4]);
    expect(changed(4, { hash: null })).toEqual([4]);
    expect(changed(4, { hash: `${row.hash!.slice(0, 62)}zz` })).toEqual([4]);
    expect(changed(4, { hash: row.hash!.slice(0, 62) })).toEqual([4]);
    expect(changed(4, { position: row.position + 1n })).toEqual([4]);
    expect(changed(4, { position: 2n ** 60n })).toEqual([4]);
    expect(unconfirmed(all, flipped(GENESIS_HEX))).toEqual([0]);
    expect(unconfirmed(all.slice(1))).toEqual([0]);
    expect(unconfirmed(all, null)).toEqual([0]);
  });
});

/** One change to the stored seals or events, behind the store's back. */
const change = fc.record({
  kind: fc.constantFrom('hash', 'chain', 'no hash', 'no chain', 'data', 'delete', 'swap'),
  pick: fc.nat(),
  other: fc.nat(),
});

function apply(file: string, { kind, pick, other }: Value<typeof change>): void {
  tamper(file, (db) => {
    const all = rows(db);
    const row = all[pick % all.length]!;
    const another = all[other % all.length]!;
    switch (kind) {
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

const verified = (file: string, onWorker: boolean): Promise<HistoryReport> =>
  verifyFile(file, {
    pageSize: 3,
    decodeWorker: onWorker
      ? { script, minEvents: 0, whenBusy: true, awaitStart: true, shareChains: 'always' }
      : { minEvents: Number.MAX_SAFE_INTEGER },
  });

describe('verify with the global chain checked on a worker thread', () => {
  it('reports exactly what the walk alone reports, for random histories and changes to their seals', async () => {
    await fc.assert(
      fc.asyncProperty(history, change, async (actions, tampering) => {
        const file = await storedHistory(actions);
        apply(file, tampering);
        const { decodedOnWorker, ...onWorker } = await verified(file, true);
        expect(decodedOnWorker).toBe(true);
        expect(onWorker).toEqual(await verified(file, false));
      }),
      { numRuns: 12 },
    );
  }, 600_000);
});

describe('the walk, given links confirmed elsewhere', () => {
  it('hashes a link itself unless it was confirmed from the very chain the walk holds', () => {
    const event = (position: bigint, revision: bigint) => ({
      position,
      id: `event-${position}`,
      streamName: 'call-1',
      revision,
      type: 'CallReported',
      data: '{}',
      metadata: '{}',
    });
    // Position 1 predates sealing: its chain is the migration's, computed from GENESIS.
    const migrated = event(1n, 0n);
    const originChain = chainHashHex(GENESIS_HEX, 1n, streamHashHex(GENESIS_HEX, migrated));
    // A forged chain on the migrated event, and the next event's chain made to follow it.
    const forged = flipped(originChain);
    const next = event(2n, 1n);
    const hash = streamHashHex(GENESIS_HEX, next);
    const rows: SealedRow[] = [
      { ...migrated, hash: null, chain: forged },
      { ...next, hash, chain: chainHashHex(forged, 2n, hash) },
    ];
    const walked = (confirmedAfter: string | undefined) => {
      const origin = { position: 1n, chain: originChain };
      const walk = new HistoryWalk(new BreakList(10), origin, undefined, undefined);
      walk.check(rows[0]!, undefined);
      // The worker confirms position 2 from the stored chain before it: not the one the walk holds.
      walk.check(rows[1]!, undefined, confirmedAfter);
      return walk.breaks.kept.map((b) => [b.kind, b.position]);
    };
    expect(walked(undefined)).toEqual([['edited', 2n]]);
    expect(walked(forged)).toEqual(walked(undefined));
  });
});
