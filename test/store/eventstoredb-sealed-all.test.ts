/**
 * `$all` with its seals as the adapter reads it (no server): a client whose `readAll` answers
 * pages as the server does (inclusive of the position asked from) over records made by the
 * client's own wire decoding from what the adapter would send. Seals and verify run on it.
 */
import type { EventStoreDBClient, ReadAllOptions } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { SEALS_STREAM, RangeDigest, inGlobalChain } from '../../src/audit/history-seals.js';
import { verifySealedHistory } from '../../src/audit/verify-sealed-history.js';
import { sealedEventData } from '../../src/store/eventstoredb-seal.js';
import { readSealedAll } from '../../src/store/eventstoredb-sealed-all.js';
import { packPosition } from '../../src/store/eventstoredb-mapping.js';
import { GENESIS, type SealedRow } from '../../src/store/seal.js';
import { decode, wireBytes } from '../support/esdb-wire.js';

type Resolved = ReturnType<typeof decode>;

/** Records of $all: two streams interleaved, and the server's own events between them. */
function recordsOfAll(): Resolved[] {
  const records: Resolved[] = [];
  let position = 1000n;
  const put = (
    stream: string,
    revision: bigint,
    type: string,
    data: unknown,
    metadata: unknown,
  ) => {
    position += 37n; // the server's positions: increasing, with gaps
    records.push(
      decode({
        id: crypto.randomUUID(),
        streamName: stream,
        type,
        revision,
        position: { commit: position, prepare: position },
        data: wireBytes(data),
        metadata: wireBytes(metadata),
      }),
    );
  };
  const links = new Map<string, Buffer>();
  for (let i = 0; i < 12; i++) {
    const stream = `call-${i % 2}`;
    const revision = BigInt(Math.floor(i / 2));
    const [sent] = sealedEventData(stream, revision, links.get(stream) ?? GENESIS, [
      { id: crypto.randomUUID(), type: 'TimeBooked', data: { n: i }, metadata: { v: 1 } },
    ]);
    links.set(stream, Buffer.from((sent!.metadata as Record<string, string>).$streamHash!, 'hex'));
    records.push(
      decode({
        id: sent!.id,
        streamName: stream,
        type: sent!.type,
        revision,
        position: { commit: (position += 37n), prepare: position },
        data: wireBytes(sent!.data),
        metadata: wireBytes(sent!.metadata),
      }),
    );
    if (i % 5 === 0) put('$stats-127.0.0.1:2113', BigInt(i), '$statsCollected', {}, {});
    if (i % 4 === 0) put(`$$call-${i % 2}`, 0n, '$metadata', { $maxAge: 1 }, {});
  }
  return records;
}

/** A client answering reads of $all as the server does: from the position asked, inclusive, a page at a time. */
function clientOver(records: readonly Resolved[]): EventStoreDBClient {
  return {
    readAll: async function* ({ fromPosition, maxCount }: ReadAllOptions) {
      const from =
        fromPosition === 'start' || !fromPosition || fromPosition === 'end'
          ? -1n
          : packPosition(fromPosition);
      yield* records
        .filter((r) => packPosition(r.event!.position) >= from)
        .slice(0, Number(maxCount));
    },
  } as unknown as EventStoreDBClient;
}

async function rowsOf(records: readonly Resolved[], pageSize: number, after?: bigint) {
  const rows: SealedRow[] = [];
  for await (const row of readSealedAll(clientOver(records), pageSize, after)) rows.push(row);
  return rows;
}

describe('$all with its seals, as the EventStoreDB adapter reads it', () => {
  it("reads every event of callstream's streams once, in order, whatever the page size, the server's own left out", async () => {
    const records = recordsOfAll();
    const ours = records.filter((r) => !r.event!.streamId.startsWith('$'));
    for (const pageSize of [2, 3, 5, 512]) {
      const rows = await rowsOf(records, pageSize);
      expect(rows.map((row) => row.id)).toEqual(ours.map((r) => r.event!.id));
      expect(rows.every((row) => row.hash !== null)).toBe(true);
    }
    const after = packPosition(ours[4]!.event!.position);
    expect((await rowsOf(records, 3, after)).map((row) => row.id)).toEqual(
      ours.slice(5).map((r) => r.event!.id),
    );
  });

  it('verifies as read, and finds an event gone from a sealed range', async () => {
    const records = recordsOfAll();
    const rows = await rowsOf(records, 4);
    const range = new RangeDigest();
    for (const row of rows.filter(inGlobalChain).slice(0, 8)) range.add(row);
    const seal = {
      revision: 0n,
      position: rows.at(-1)!.position + 1n,
      from: range.first!,
      through: range.last!,
      events: range.events,
      previousChain: range.previousChain,
      chain: range.chain,
      eventsDigest: range.eventsDigest,
    };
    const sealRow: SealedRow = {
      id: crypto.randomUUID(),
      streamName: SEALS_STREAM,
      revision: 0n,
      type: 'HistorySealed',
      data: JSON.stringify({
        from: { commit: String(seal.from >> 64n), prepare: String(seal.from & ((1n << 64n) - 1n)) },
        through: {
          commit: String(seal.through >> 64n),
          prepare: String(seal.through & ((1n << 64n) - 1n)),
        },
        events: seal.events,
        previousChain: seal.previousChain,
        chain: seal.chain,
        eventsDigest: seal.eventsDigest,
      }),
      metadata: '{}',
      position: seal.position,
      hash: null,
      chain: null,
    };
    const over = (all: SealedRow[]) => ({
      async *readSealedAll() {
        yield* all;
      },
      readSealedStream: async (name: string) => (name === SEALS_STREAM ? [sealRow] : []),
    });
    const intact = await verifySealedHistory(over(rows), { decode: false });
    expect(intact.breaks).toEqual([]);
    expect(intact.unsealedEvents).toBe(rows.length - 8);
    // The last event of call-1 inside the range: its stream's chain alone cannot tell.
    const gone = rows
      .filter(inGlobalChain)
      .slice(0, 8)
      .findLast((row) => row.streamName === 'call-1')!;
    const cut = rows.filter(
      (row) => !(row.streamName === 'call-1' && row.revision >= gone.revision),
    );
    const report = await verifySealedHistory(over(cut), { decode: false });
    expect(report.breaks).toEqual([
      expect.objectContaining({ kind: 'deleted', position: seal.through }),
    ]);
  });
});
