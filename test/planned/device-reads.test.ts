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
    const before = { ...store.reads };
    expect((await callstream.handleDeviceEvents()).refused).toMatchObject([{ reason: 'blocked' }]);
    reads = {
      streams: store.reads.streams - before.streams,
      events: store.reads.events - before.events,
    };
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
