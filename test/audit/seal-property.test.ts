import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEALS_STREAM, inGlobalChain, readSeal } from '../../src/audit/history-seals.js';
import { sealHistory } from '../../src/audit/seal-history.js';
import { verifySealedHistory } from '../../src/audit/verify-sealed-history.js';
import type { HistoryBreak } from '../../src/audit/history-report.js';
import { Callstream } from '../../src/callstream.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { SealedRow } from '../../src/store/seal.js';
import { history, play } from '../support/histories.js';
import { recorded, sealableMemory } from '../support/sealable.js';

/** One change to a sealed range of `$all`, as a server's administrator or a faulty tool could make it. */
const change = fc.record({
  kind: fc.constantFrom(
    'data',
    'metadata',
    'delete',
    'swap',
    'truncate',
    'deleteStream',
    'cutStreamTail',
  ),
  pick: fc.nat(),
  other: fc.nat(),
});
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

const flip = (text: string, at: number): string => {
  const i = at % text.length;
  const next = text.charCodeAt(i) === 0x7a ? 'y' : String.fromCharCode(text.charCodeAt(i) + 1);
  return text.slice(0, i) + next + text.slice(i + 1);
};

/** The rows after the change, and the positions at which verify must report a break. */
function apply(
  rows: readonly SealedRow[],
  sealedThrough: bigint,
  { kind, pick, other }: Change,
): { rows: SealedRow[]; where: bigint[] } {
  const sealed = rows.filter((row) => inGlobalChain(row) && row.position <= sealedThrough);
  const row = sealed[pick % sealed.length]!;
  const without = (gone: (r: SealedRow) => boolean) => ({
    rows: rows.filter((r) => !gone(r)),
    where: rows.filter(gone).map((r) => r.position),
  });
  switch (kind) {
    case 'data':
    case 'metadata':
      return {
        rows: rows.map((r) => (r === row ? { ...r, [kind]: flip(r[kind], other) } : r)),
        where: [row.position],
      };
    case 'delete':
      return without((r) => r === row);
    case 'swap': {
      const partner = sealed[(pick + 1 + (other % (sealed.length - 1))) % sealed.length]!;
      return {
        rows: rows.map((r) =>
          r === row
            ? { ...r, position: partner.position }
            : r === partner
              ? { ...r, position: row.position }
              : r,
        ),
        where: [row.position, partner.position],
      };
    }
    case 'truncate': // $all cut from this event on (the seals stream left)
      return without((r) => inGlobalChain(r) && r.position >= row.position);
    case 'deleteStream':
      return without((r) => r.streamName === row.streamName);
    case 'cutStreamTail': // the stream's events from this one on
      return without((r) => r.streamName === row.streamName && r.revision >= row.revision);
  }
}

const locates = (found: HistoryBreak, where: readonly bigint[]): boolean =>
  where.some(
    (w) =>
      found.position === w ||
      (found.range !== undefined && found.range.from <= w && w <= found.range.through),
  );

const text = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

describe('verify with periodic seals, for random histories', () => {
  it('reports any edit, deleted event, reordering, cut stream tail, deleted stream or cut $all in a sealed range where it is, and passes an untouched one', async () => {
    await fc.assert(
      fc.asyncProperty(history, history, change, async (first, second, tampering) => {
        const memory = new MemoryEventStore();
        const callstream = await Callstream.open({
          store: memory,
          customerValidation: false,
          projectionMode: 'manual',
        });
        const store = sealableMemory(memory);
        await play(callstream, first);
        await sealHistory(store);
        await play(callstream, second);
        await sealHistory(store);
        await play(callstream, []); // events no seal covers yet
        await callstream.close();

        const untouched = await verifySealedHistory(store);
        expect(untouched.breaks).toEqual([]);
        expect(untouched.intact).toBe(true);

        const seals = (await store.readSealedStream(SEALS_STREAM)).map(readSeal);
        const last = seals.at(-1);
        if (typeof last !== 'object') throw new Error('no seal');
        const { rows, where } = apply(await store.rows(), last.through, tampering);
        const report = await verifySealedHistory(recorded(rows));
        expect(report.intact).toBe(false);
        expect(
          report.breaks.filter((b) => locates(b, where)),
          `${tampering.kind} at ${text(where)}: ${text(report.breaks)}`,
        ).not.toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 600_000);
});
