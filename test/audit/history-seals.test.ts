import { describe, expect, it } from 'vitest';
import {
  RangeDigest,
  SEALS_STREAM,
  inGlobalChain,
  linkHash,
  readSeal,
} from '../../src/audit/history-seals.js';
import { sealHistory } from '../../src/audit/seal-history.js';
import { verifySealedHistory } from '../../src/audit/verify-sealed-history.js';
import { Callstream } from '../../src/callstream.js';
import { canVerifyHistory } from '../../src/audit/store-history.js';
import { withKeys } from '../../src/privacy/open.js';
import { MemoryKeyStore } from '../../src/privacy/memory-key-store.js';
import { EventStoreDbEventStore } from '../../src/store/eventstoredb.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { GENESIS_HEX, chainHashHex, type SealedRow } from '../../src/store/seal.js';
import { play } from '../support/histories.js';
import { recorded, sealableMemory } from '../support/sealable.js';

/** Four calls through the real pipeline on a memory store, seen as EventStoreDB shows it. */
async function history() {
  const memory = new MemoryEventStore();
  const callstream = await Callstream.open({
    store: memory,
    customerValidation: false,
    projectionMode: 'manual',
  });
  const calls = await play(callstream, []);
  return { memory, callstream, calls, store: sealableMemory(memory) };
}

const chained = (rows: readonly SealedRow[]) => rows.filter(inGlobalChain);

describe('a periodic seal (pure)', () => {
  it('chains the events of callstream streams in position order from genesis, and digests them free of order', async () => {
    const { store } = await history();
    const rows = chained(await store.rows());
    const range = new RangeDigest();
    for (const row of rows) range.add(row);
    const expected = rows.reduce(
      (chain, row) => chainHashHex(chain, row.position, row.hash!),
      GENESIS_HEX,
    );
    expect(range.chain).toBe(expected);
    expect(range.events).toBe(rows.length);
    expect([range.first, range.last]).toEqual([rows[0]!.position, rows.at(-1)!.position]);

    const reversed = new RangeDigest();
    for (const row of [...rows].reverse()) reversed.add(row);
    expect(reversed.eventsDigest).toBe(range.eventsDigest);
    expect(reversed.chain).not.toBe(range.chain);
  });

  it("leaves out the server's events and the seals themselves", () => {
    expect(inGlobalChain({ type: '$metadata', streamName: '$$call-1' })).toBe(false);
    expect(inGlobalChain({ type: 'StatsCollected', streamName: '$stats-127.0.0.1:2113' })).toBe(
      false,
    );
    expect(inGlobalChain({ type: 'HistorySealed', streamName: SEALS_STREAM })).toBe(false);
    expect(inGlobalChain({ type: 'CallLogged', streamName: 'call-1' })).toBe(true);
  });

  it('chains an event stored without a seal by its hash from genesis, as the append after it does', async () => {
    const { store } = await history();
    const [row] = await store.rows();
    const unsealed = { ...row!, hash: null };
    expect(linkHash(unsealed)).toMatch(/^[0-9a-f]{64}$/);
    expect(linkHash(unsealed)).toBe(linkHash(row!)); // the first event of its stream chains from genesis anyway
  });
});

describe('sealing the history (callstream seal)', () => {
  it('seals what came since the last seal, from its chain, and nothing when nothing came', async () => {
    const { store, callstream } = await history();
    const first = await sealHistory(store, { now: new Date('2026-12-01T00:00:00Z') });
    const rows = chained(await store.rows());
    expect(first.seal).toMatchObject({
      revision: 0n,
      from: rows[0]!.position,
      through: rows.at(-1)!.position,
      events: rows.length,
      previousChain: GENESIS_HEX,
    });
    expect(await sealHistory(store)).toEqual({ previous: first.seal });

    await play(callstream, []);
    const second = await sealHistory(store);
    expect(second.seal).toMatchObject({ revision: 1n, previousChain: first.seal!.chain });
    expect(second.seal!.from).toBeGreaterThan(first.seal!.through);
    const stored = (await store.readSealedStream(SEALS_STREAM)).map(readSeal);
    expect(stored).toEqual([first.seal, second.seal]);
  });

  it('stores one seal when two sealers compute the same one at once (the same id: a retry)', async () => {
    const { store } = await history();
    const reports = await Promise.all([sealHistory(store), sealHistory(store)]);
    expect(reports[0].seal).toEqual(reports[1].seal);
    expect(await store.readSealedStream(SEALS_STREAM)).toHaveLength(1);
  });

  it('leaves one seal per range when another sealer wins the revision: the loser seals what remains, or says nothing did', async () => {
    const { store, callstream } = await history();
    let other: Awaited<ReturnType<typeof sealHistory>> | undefined;
    const loser = {
      ...store,
      appendToStream: async (...args: Parameters<typeof store.appendToStream>) => {
        if (!other) {
          await play(callstream, []); // events the loser has not read…
          other = await sealHistory(store); // …sealed by another run first
        }
        return store.appendToStream(...args);
      },
    };
    const report = await sealHistory(loser);
    expect(report).toEqual({ previous: other!.seal, raced: true });
    expect(await store.readSealedStream(SEALS_STREAM)).toHaveLength(1);
    expect((await verifySealedHistory(store)).intact).toBe(true);
  });
});

describe('which stores replay verifies first', () => {
  it('EventStoreDB by its seals, with or without keys, as memory and SQLite by their chains; a store with neither not', async () => {
    // Never connected: the adapter is loaded on first use, and asking costs no server.
    const eventStoreDb = new EventStoreDbEventStore('esdb://localhost:2113?tls=false');
    expect(canVerifyHistory(eventStoreDb)).toBe(true);
    expect(canVerifyHistory(withKeys(eventStoreDb, new MemoryKeyStore()))).toBe(true);
    expect(canVerifyHistory(new MemoryEventStore())).toBe(true);
    const { readStream, appendToStream } = sealableMemory(new MemoryEventStore());
    expect(canVerifyHistory({ readStream, appendToStream } as never)).toBe(false);
    await eventStoreDb.close();
  });
});

describe('Callstream.sealHistory', () => {
  it('on a store that chains every append (memory, SQLite) seals nothing and says so', async () => {
    const { callstream, memory } = await history();
    expect(await callstream.sealHistory()).toEqual({ chainedOnAppend: true });
    expect(await memory.readSealedStream(SEALS_STREAM)).toEqual([]);
  });
});

describe('verify over $all with seals', () => {
  /** Two sealed ranges, then events no seal covers yet. */
  async function sealed() {
    const h = await history();
    await sealHistory(h.store);
    await play(h.callstream, []);
    await sealHistory(h.store);
    const sealedRows = await h.store.rows();
    await play(h.callstream, []);
    const rows = await h.store.rows();
    const unsealed = chained(rows).length - chained(sealedRows).length;
    const seals = (await h.store.readSealedStream(SEALS_STREAM)).map(readSeal);
    return { ...h, rows, unsealed, seals: seals as Array<Exclude<(typeof seals)[number], string>> };
  }

  it('verifies an untouched history and says how many events no seal covers yet', async () => {
    const { store, unsealed, rows } = await sealed();
    const report = await verifySealedHistory(store);
    expect(report.breaks).toEqual([]);
    expect(report).toMatchObject({ intact: true, seals: 2, unsealedEvents: unsealed });
    expect(unsealed).toBeGreaterThan(0);
    expect(report.digest).toMatch(new RegExp(`^${chained(rows).at(-1)!.position}:[0-9a-f]{64}$`));
  });

  it('reports a whole stream deleted, at the seal of each range it was in', async () => {
    const { rows, seals, calls } = await sealed();
    const stream = `call-${calls[1]}`;
    expect(rows.some((row) => row.streamName === stream)).toBe(true);
    const report = await verifySealedHistory(
      recorded(rows.filter((row) => row.streamName !== stream)),
    );
    expect(report.intact).toBe(false);
    expect(report.breaks.map((b) => [b.kind, b.position])).toContainEqual([
      'deleted',
      seals[0]!.through,
    ]);
  });

  it("reports a stream's cut tail, which the stream's own chain cannot see", async () => {
    const { rows, seals } = await sealed();
    const inFirst = chained(rows).filter((row) => row.position <= seals[0]!.through);
    const lastOfAStream = inFirst.findLast(
      (row) =>
        !inFirst.some(
          (other) => other.streamName === row.streamName && other.revision > row.revision,
        ) &&
        !rows.some(
          (other) => other.streamName === row.streamName && other.position > seals[0]!.through,
        ),
    )!;
    const report = await verifySealedHistory(recorded(rows.filter((row) => row !== lastOfAStream)));
    expect(report.breaks).toEqual([
      expect.objectContaining({
        kind: 'deleted',
        position: seals[0]!.through,
        range: { from: seals[0]!.from, through: seals[0]!.through },
      }),
    ]);
  });

  it('reports events of two streams that trade places as reordered, between the seals', async () => {
    const { rows, seals } = await sealed();
    const inSecond = chained(rows).filter(
      (row) => row.position > seals[0]!.through && row.position <= seals[1]!.through,
    );
    const a = inSecond[0]!;
    const b = inSecond.find((row) => row.streamName !== a.streamName)!;
    const swapped = rows.map((row) =>
      row === a
        ? { ...row, position: b.position }
        : row === b
          ? { ...row, position: a.position }
          : row,
    );
    const report = await verifySealedHistory(recorded(swapped));
    expect(report.breaks.map((r) => [r.kind, r.position])).toContainEqual([
      'reordered',
      seals[1]!.through,
    ]);
  });

  it('reports a cut tail of $all as truncated, at the seal whose events are gone', async () => {
    const { rows, seals } = await sealed();
    const cut = chained(rows)
      .filter((row) => row.position <= seals[1]!.through)
      .at(-3)!.position;
    const report = await verifySealedHistory(
      recorded(rows.filter((row) => row.position <= cut || row.streamName === SEALS_STREAM)),
    );
    expect(report.breaks.map((b) => [b.kind, b.position])).toContainEqual([
      'truncated',
      seals[1]!.through,
    ]);
  });

  it('reports an edited event where it is, and the seal of its range', async () => {
    const { rows, seals } = await sealed();
    const target = chained(rows)[3]!;
    const edited = rows.map((row) =>
      row === target ? { ...row, data: row.data.replace('"', '"x') } : row,
    );
    const report = await verifySealedHistory(recorded(edited), { decode: false });
    expect(report.breaks.map((b) => [b.kind, b.position])).toContainEqual([
      'edited',
      target.position,
    ]);
    expect(seals[0]!.through).toBeGreaterThanOrEqual(target.position);
  });

  it('proves a digest kept outside, and refuses one of another history', async () => {
    const { store } = await sealed();
    const { digest } = await verifySealedHistory(store);
    const [position, chain] = digest!.split(':');
    const against = { position: BigInt(position!), chain: Buffer.from(chain!, 'hex') };
    expect((await verifySealedHistory(store, { against })).against).toEqual({
      digest,
      holds: true,
    });
    const other = { position: against.position, chain: Buffer.alloc(32) };
    const report = await verifySealedHistory(store, { against: other });
    expect(report).toMatchObject({ intact: false, against: { holds: false } });
  });
});
