import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { EventStoreDbEventStore } from '../../src/store/eventstoredb.js';
import { steppingClock } from '../support/clock.js';
import { logCallRequest } from '../support/pipeline.js';

/**
 * Projections fed from a real EventStoreDB: inline read models equal a rebuild from `$all`,
 * and a live reader follows another writer through the server's filtered subscription.
 * Only when a server is named; otherwise skipped, visibly.
 */
const url = process.env.EVENTSTORE_CONNECTION_STRING;
const HOW_TO_RUN = 'set EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false to run';

if (!url) console.warn(`\n⚠ EventStoreDB projection tests SKIPPED: ${HOW_TO_RUN}\n`);

describe.skipIf(!url)(
  url
    ? `projections on eventstoredb at ${url}`
    : `projections on eventstoredb (skipped: ${HOW_TO_RUN})`,
  () => {
    it('keeps inline read models equal to a rebuild from $all', async () => {
      const callstream = await Callstream.open({
        customerValidation: false,
        store: new EventStoreDbEventStore(url!),
        readModels: new MemoryReadModelStore(),
        clock: steppingClock(),
      });
      try {
        const first = await callstream.execute(logCallRequest());
        const second = await callstream.execute(logCallRequest());
        const board = callstream.board().map((row) => row.callId);
        expect(board).toContain(first.callId);
        expect(board).toContain(second.callId);
        const report = await callstream.verify();
        expect(report.differences).toEqual([]);
        expect(report.documents).toBeGreaterThanOrEqual(2);
      } finally {
        await callstream.close();
      }
    });

    it('follows another writer live through the subscription to $all', async () => {
      const writer = await Callstream.open({
        customerValidation: false,
        store: new EventStoreDbEventStore(url!),
        readModels: new MemoryReadModelStore(),
        clock: steppingClock(),
      });
      const reader = await Callstream.open({
        customerValidation: false,
        store: new EventStoreDbEventStore(url!),
        readModels: new MemoryReadModelStore(),
        projectionMode: 'live',
      });
      try {
        const logged = await writer.execute(logCallRequest());
        await expect
          .poll(() => reader.board().some((row) => row.callId === logged.callId), {
            timeout: 10_000,
          })
          .toBe(true);
      } finally {
        await reader.close();
        await writer.close();
      }
    });
  },
);
