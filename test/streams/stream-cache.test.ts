import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/commands/results.js';
import {
  callDecider,
  callStatuses,
  invoiceDecider,
  type Call,
  type CallStatus,
  type Invoice,
  type InvoiceStatus,
} from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { StreamCache } from '../../src/streams/index.js';
import { command, testPipeline } from '../support/pipeline.js';

/** A memory store that counts the events each load reads: a cached stream reads none it holds. */
class CountingStore extends MemoryEventStore {
  eventsRead = 0;
  override readStreamPage(stream: string, fromRevision: bigint, maxCount: number): RecordedEvent[] {
    const page = super.readStreamPage(stream, fromRevision, maxCount);
    this.eventsRead += page.length;
    return page;
  }
}

const logCall = (i: number) =>
  command({
    type: 'LogCall',
    intake: { mode: 'knowledgeable', channel: 'phone' },
    subject: { kind: 'product', productId: 'server-x', category: 'technical-question' },
    description: `Call ${i}`,
  });

describe('the stream cache', () => {
  it('keeps the open calls it holds while many more settled ones pass through it, as a billing run passes every finished call once', async () => {
    const store = new CountingStore();
    const { pipeline } = testPipeline({ store });
    const streams = async (count: number, cancelled: boolean) => {
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        const logged: CommandResult = await pipeline.execute(logCall(i));
        if (cancelled)
          await pipeline.execute(
            command({ type: 'CancelCall', call: logged.number, reason: 'Logged twice' }),
          );
        names.push(logged.streamName);
      }
      return names;
    };
    const open = await streams(10, false);
    const settled = await streams(100, true);

    // Forty streams at most, two of them settled: the bound of its settled ones is a twentieth.
    const cache = new StreamCache(store, 40);
    const loadAll = async (names: readonly string[]) => {
      const before = store.eventsRead;
      for (const name of names) await cache.load(name, callDecider);
      return store.eventsRead - before;
    };
    expect(await loadAll(open)).toBeGreaterThanOrEqual(open.length);
    expect(await loadAll(settled)).toBeGreaterThanOrEqual(2 * settled.length);
    // The open calls are still at hand: loading them again reads nothing.
    expect(await loadAll(open)).toBe(0);
    // Of the settled ones, only the latest few are.
    expect(await loadAll(settled.slice(-2))).toBe(0);
    expect(await loadAll(settled.slice(0, 1))).toBeGreaterThan(0);
  });
});

describe('which states settle (Decider.settled: the caches keep few of them)', () => {
  // Only the status decides: the rest of the state is left out.
  const call = (status: CallStatus) => ({ status }) as Call;
  const invoice = (status: InvoiceStatus) => ({ status }) as Invoice;

  it('a call once it is closed or archived, never while it is open', () => {
    const settled = callDecider.settled!;
    expect(settled(null)).toBe(false);
    expect(callStatuses.filter((status) => settled(call(status)))).toEqual(['Closed', 'Archived']);
  });

  it('an invoice once issued, waived or found with nothing to invoice; not a proposal waiting to be issued, nor a credited one waiting to be billed again', () => {
    const settled = invoiceDecider.settled!;
    expect(settled(null)).toBe(false);
    expect((['issued', 'waived', 'nothing'] as const).map((s) => settled(invoice(s)))).toEqual([
      true,
      true,
      true,
    ]);
    expect((['proposed', 'credited'] as const).map((s) => settled(invoice(s)))).toEqual([
      false,
      false,
    ]);
  });
});
