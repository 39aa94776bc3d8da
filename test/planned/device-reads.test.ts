import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { Actor } from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { ReadStreamOptions, RecordedEvent } from '../../src/store/port.js';
import { fireProtection } from '../support/fire-protection.js';

/** A store counting the streams read and the events they handed over. */
class CountingStore extends MemoryEventStore {
  reads = { streams: 0, events: 0 };
  override readStreamPage(name: string, from: bigint, max: number): RecordedEvent[] {
    const page = super.readStreamPage(name, from, max);
    this.reads.streams++;
    this.reads.events += page.length;
    return page;
  }
  override async *readStream(name: string, options?: ReadStreamOptions) {
    this.reads.streams++;
    for await (const event of super.readStream(name, options)) {
      this.reads.events++;
      yield event;
    }
  }

  /** What `work` reads, and what it gives. */
  async counting<T>(work: () => Promise<T>) {
    const before = { ...this.reads };
    const result = await work();
    const reads = {
      streams: this.reads.streams - before.streams,
      events: this.reads.events - before.events,
    };
    return { reads, result };
  }
}

const gateway: Actor = { id: 'ups-gateway', role: 'system' };

/**
 * Acme's UPS-1 reads its temperature every minute and raises ON-BATTERY with each reading
 * while Acme is blocked (from 1 February), never cleared: every alarm repeats the first, is
 * refused, and asks again. What handling the `repeats`-th alarm reads from the store.
 */
async function readsForRepeat(repeats: number) {
  const store = new CountingStore();
  const { callstream, run } = await fireProtection({ store });
  await run('RegisterMeter', { serialNumber: 'UPS-1', meterId: 'temp', unit: 'C', kind: 'gauge' });
  await run('PlaceBlock', {
    customerId: 'acme',
    blockId: 'B-PAY',
    reason: 'non-payment',
    from: '2026-02-01',
  });
  let reads = { streams: 0, events: 0 };
  for (let i = 1; i <= repeats; i++) {
    const at = new Date(Date.parse('2026-02-02T00:00:00Z') + i * 60_000).toISOString();
    const device = { actor: gateway, at, serialNumber: 'UPS-1' };
    await callstream.execute({
      ...device,
      type: 'RecordReading',
      commandId: uuid(),
      meterId: 'temp',
      value: 40 + i,
    });
    await callstream.execute({
      ...device,
      type: 'RaiseAlarm',
      commandId: uuid(),
      alarmId: `A-${i}`,
      code: 'ON-BATTERY',
      message: 'On battery',
    });
    const handled = await store.counting(() => callstream.handleDeviceEvents());
    expect(handled.result.refused).toMatchObject([{ reason: 'blocked' }]);
    reads = handled.reads;
  }
  return reads;
}

describe('a chatty device while its customer is blocked (E2, E3)', () => {
  it('reads as much to handle its hundredth alarm as its tenth: not every earlier alarm’s request, nor its whole meter history', async () => {
    const tenth = await readsForRepeat(10);
    const hundredth = await readsForRepeat(100);
    expect(hundredth).toEqual(tenth);
  });
});

const feed: Actor = { id: 'copier-feed', role: 'system' };

/**
 * Acme's copier COP-1 reports its copies counter every hour, 100 copies at a time, and its
 * plan changes the drum every 1,000 copies; the planner runs after each reading, until the
 * reading's instant. What each run reads from the store, by reading.
 */
async function readsPerReading(readings: number) {
  const store = new CountingStore();
  const { callstream, run } = await fireProtection({ store });
  await run('RegisterMeter', {
    serialNumber: 'COP-1',
    meterId: 'copies',
    unit: 'copies',
    kind: 'counter',
  });
  await run('DefineMaintenancePlan', {
    planId: 'copier',
    name: 'Copier',
    scope: { serialNumber: 'COP-1' },
    from: '2026-01-01',
    tasks: [{ taskId: 'drum', name: 'Drum', usage: { meterId: 'copies', every: 1000 } }],
  });
  const start = Date.parse('2026-02-02T00:00:00Z');
  await callstream.runPlanner(new Date(start));
  const reads: Array<{ streams: number; events: number }> = [];
  for (let i = 1; i <= readings; i++) {
    const at = new Date(start + i * 3_600_000);
    await callstream.execute({
      actor: feed,
      at: at.toISOString(),
      serialNumber: 'COP-1',
      type: 'RecordReading',
      commandId: uuid(),
      meterId: 'copies',
      value: 100 * i,
    });
    const planned = await store.counting(() => callstream.runPlanner(at));
    expect(planned.result.created.length).toBe(i % 10 === 0 ? 1 : 0); // a drum every tenth reading
    reads.push(planned.reads);
  }
  return reads;
}

describe('a counter read every hour under a usage plan (E1, E2)', () => {
  it('reads as much to plan after its hundredth reading as after its tenth: not the meters’ whole history, twice', async () => {
    const reads = await readsPerReading(100);
    // The tenth and the hundredth each reach a mark and make a call; the 15th and 95th make none.
    expect(reads[99]).toEqual(reads[9]);
    expect(reads[94]).toEqual(reads[14]);
  });
});
