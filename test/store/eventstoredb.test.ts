import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { EventStoreDbEventStore } from '../../src/store/eventstoredb.js';
import type { JsonValue, RecordedEvent } from '../../src/store/port.js';
import { sealHistory } from '../../src/audit/seal-history.js';
import type { HistoryBreak } from '../../src/audit/history-report.js';
import { verifySealedHistory } from '../../src/audit/verify-sealed-history.js';
import type { SealedRow } from '../../src/store/seal.js';
import { recorded } from '../support/sealable.js';
import { collect, event, eventStoreContract, unique } from './contract.js';

/**
 * The shared contract against a real EventStoreDB. No server runs in CI or on most
 * machines, so it only runs when one is named; otherwise the skip must be seen, never
 * mistaken for a pass. Start one with `docker compose up -d` (see docs/stores.md).
 */
const url = process.env.EVENTSTORE_CONNECTION_STRING;
const HOW_TO_RUN = 'set EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false to run';

if (!url) console.warn(`\n⚠ EventStoreDB contract suite SKIPPED: ${HOW_TO_RUN}\n`);

describe.skipIf(!url)(
  url ? `eventstoredb at ${url}` : `eventstoredb (skipped: ${HOW_TO_RUN})`,
  () => {
    eventStoreContract(
      'eventstoredb',
      async () => {
        const store = new EventStoreDbEventStore(url!);
        return { store, dispose: () => store.close() };
      },
      { sealed: true },
    );

    describe('periodic seals over $all', () => {
      it('seals what was appended, verifies it against $all, and finds a stream deleted from a sealed range', async () => {
        const store = new EventStoreDbEventStore(url!);
        try {
          const streams = [unique('call'), unique('call')];
          for (const stream of streams)
            await store.appendToStream(stream, [event('A'), event('B')], {
              expectedRevision: 'no_stream',
            });
          const { seal } = await sealHistory(store);
          const ours = (await collect(store.readAll())).filter((e) =>
            streams.includes(e.streamName),
          );
          expect(seal!.through).toBeGreaterThanOrEqual(ours.at(-1)!.position);
          // A shared server holds other tests' events, older ones perhaps unsealed: judged here are ours and our seal's range.
          const mine = (b: HistoryBreak) =>
            (b.streamName !== undefined && streams.includes(b.streamName)) ||
            b.position === seal!.through;
          const report = await verifySealedHistory(store, { decode: false });
          expect(report.breaks.filter(mine)).toEqual([]);
          expect(report.seals).toBeGreaterThanOrEqual(1);

          // The same $all with one of our streams gone (as after a delete and a scavenge):
          const rows: SealedRow[] = [];
          for await (const row of store.readSealedAll()) rows.push(row);
          const cut = await verifySealedHistory(
            recorded(rows.filter((row) => row.streamName !== streams[0])),
            { decode: false },
          );
          expect(cut.breaks.filter(mine).map((b) => b.kind)).toContain('deleted');
        } finally {
          await store.close();
        }
      });
    });
  },
);

/** A local port with nothing listening: the client's real connection failures, without a server. */
async function deadEndpoint(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `esdb://127.0.0.1:${port}?tls=false`;
}

describe('eventstoredb adapter without a server', () => {
  it('keeps resubscribing with growing delays while the server is unreachable, and ends cleanly on close', async () => {
    const retries: Array<{ attempt: number; delayMs: number; error: unknown }> = [];
    const store = new EventStoreDbEventStore(await deadEndpoint(), {
      resubscribeDelayMs: 5,
      maxResubscribeDelayMs: 40,
      onResubscribe: (error, attempt, delayMs) => retries.push({ attempt, delayMs, error }),
    });
    const subscription = store.subscribeToAll();
    const delivered: RecordedEvent[] = [];
    const iteration = (async () => {
      for await (const e of subscription) delivered.push(e);
    })();
    await expect.poll(() => retries.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    await subscription.close();
    await iteration;
    await store.close();
    expect(delivered).toEqual([]);
    expect(retries.slice(0, 5).map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(retries.slice(0, 5).map((r) => r.delayMs)).toEqual([5, 10, 20, 40, 40]);
  });

  it('closes its open subscriptions when the store closes', async () => {
    const store = new EventStoreDbEventStore(await deadEndpoint(), {
      resubscribeDelayMs: 5,
      maxResubscribeDelayMs: 20,
    });
    const subscription = store.subscribeToAll({ eventTypes: ['CallLogged'] });
    const iteration = (async () => {
      let n = 0;
      for await (const _ of subscription) n++;
      return n;
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    expect(await iteration).toBe(0);
    expect(() => store.subscribeToAll()).toThrow(/closed/);
  });

  it('refuses an append JSON cannot carry before contacting the server', async () => {
    const store = new EventStoreDbEventStore(await deadEndpoint());
    const bad = { ...event('A'), data: { amount: 1n } as unknown as JsonValue };
    await expect(
      store.appendToStream('call-x', [bad], { expectedRevision: 'any' }),
    ).rejects.toThrow(TypeError);
    await store.close();
  });

  it('refuses an append repeating an event id, or with an expected revision it does not know, before contacting the server', async () => {
    const store = new EventStoreDbEventStore(await deadEndpoint());
    const a = event('A');
    // The server would store both events; its ids are UUIDs, equal whatever their case.
    for (const twice of [
      [a, a],
      [a, { ...event('B'), id: a.id.toUpperCase() }],
    ])
      await expect(
        store.appendToStream('call-x', twice, { expectedRevision: 'any' }),
      ).rejects.toMatchObject({
        code: 'EventIdConflict',
        eventId: twice[1]!.id,
        withinAppend: true,
      });
    for (const events of [[a], []])
      await expect(
        store.appendToStream('call-x', events, { expectedRevision: 1.5 as unknown as bigint }),
      ).rejects.toMatchObject({ code: 'InvalidExpectedRevision', given: 1.5 });
    await store.close();
  });
});
