import { v4 as uuid } from 'uuid';
import { Callstream } from '../callstream.js';
import type { Actor } from '../domain/index.js';
import { streamPoint, warmGrowth, type StreamPoint } from './stream-points.js';
import { removeDatabase } from './workloads.js';

export interface DeviceStreams {
  readonly readings: readonly StreamPoint[];
  /** An alarm raised and cleared: two commands. */
  readonly alarms: readonly StreamPoint[];
  /** Warm CPU per command on the longest stream over the shortest. */
  readonly readingGrowth: number;
  readonly alarmGrowth: number;
}

const WARM_COMMANDS = 200;
const COLD_RUNS = 5;
const supervisor: Actor = { id: 'bench-admin', role: 'supervisor' };
const feed: Actor = { id: 'bench-feed', role: 'system' };
const START = Date.parse('2026-01-02T00:00:00Z');
const HOUR = 3_600_000;

/**
 * W6: one piece of equipment's meters and alarms are one stream for life: a meter read every
 * hour adds 8,760 readings a year, a UPS on battery an alarm every few minutes. CPU per
 * reading, and per alarm raised and cleared, on streams already holding each of `sizes` of
 * them, warm and cold (StreamPoint). Warm cost must not grow with the stream; cold
 * reads it once, so it grows by a fold per event and no more.
 */
export async function w6DeviceStreams(
  file: string,
  sizes: readonly number[],
  onProgress?: (text: string) => void,
): Promise<DeviceStreams> {
  removeDatabase(file);
  let callstream = await Callstream.open({ file, synchronous: 'NORMAL' });
  const device = new Device(() => callstream);
  try {
    await device.register();
    const readings: StreamPoint[] = [];
    const alarms: StreamPoint[] = [];
    for (const size of [...sizes].sort((a, b) => a - b)) {
      onProgress?.(`W6: ${size} readings and alarms on one device …`);
      await device.fill(size);
      const point = async (command: () => Promise<void>, commands: number) => {
        await command(); // loads the stream, if the last cold run left it unread
        return streamPoint(size, {
          warm: async () => {
            for (let i = 0; i < WARM_COMMANDS / commands; i++) await command();
          },
          commands: WARM_COMMANDS,
          reopen: async () => {
            await callstream.close();
            callstream = await Callstream.open({ file, synchronous: 'NORMAL' });
          },
          cold: command,
          coldRuns: COLD_RUNS,
        });
      };
      readings.push(await point(() => device.read(), 1));
      alarms.push(await point(() => device.alarm(), 2));
    }
    return {
      readings,
      alarms,
      readingGrowth: warmGrowth(readings),
      alarmGrowth: warmGrowth(alarms),
    };
  } finally {
    await callstream.close();
    removeDatabase(file);
  }
}

/** A copier read every hour and a UPS whose alarms are raised and cleared, each command an hour after the last. */
class Device {
  private readings = 0;
  private alarms = 0;
  private hour = 0;
  constructor(private readonly callstream: () => Callstream) {}

  private async run(type: string, fields: Record<string, unknown>, actor = feed): Promise<void> {
    const at = new Date(START + this.hour++ * HOUR).toISOString();
    await this.callstream().executeJson({ type, commandId: uuid(), actor, at, ...fields });
  }

  async register(): Promise<void> {
    await this.run('RegisterCustomer', { customerId: 'bench', name: 'Bench' }, supervisor);
    const site = { customerId: 'bench', siteId: 'hq', name: 'HQ', city: 'Paris', country: 'FR' };
    await this.run('AddSite', site, supervisor);
    for (const [serialNumber, item] of [
      ['COP-1', 'copier'],
      ['UPS-1', 'ups'],
    ] as const)
      await this.run(
        'RegisterEquipment',
        { serialNumber, item, customerId: 'bench', siteId: 'hq', from: '2025-01-01' },
        supervisor,
      );
    await this.run(
      'RegisterMeter',
      { serialNumber: 'COP-1', meterId: 'pages', unit: 'pages', kind: 'counter' },
      supervisor,
    );
  }

  /** Readings and alarms until each stream holds `size` of them. */
  async fill(size: number): Promise<void> {
    while (this.readings < size) await this.read();
    while (this.alarms < size) await this.alarm();
  }

  async read(): Promise<void> {
    const value = 1_000 * ++this.readings;
    await this.run('RecordReading', { serialNumber: 'COP-1', meterId: 'pages', value });
  }

  async alarm(): Promise<void> {
    const alarmId = `A-${++this.alarms}`;
    const code = `CODE-${this.alarms % 3}`;
    await this.run('RaiseAlarm', { serialNumber: 'UPS-1', alarmId, code, message: 'On battery' });
    await this.run('ClearAlarm', { serialNumber: 'UPS-1', alarmId });
  }
}

/** W6 as lines of text. */
export function humanDeviceStreams(w6: DeviceStreams): string {
  const line = (what: string, points: readonly StreamPoint[], growth: number) =>
    `  ${what}: ${points.map((p) => `${p.events} in the stream ${p.warmMs} ms warm, ${p.coldMs} ms cold`).join('; ')} (warm × ${growth})`;
  return [
    'W6 device streams (CPU per command; cold: the first after opening the store)',
    line('readings', w6.readings, w6.readingGrowth),
    line('alarms raised and cleared', w6.alarms, w6.alarmGrowth),
  ].join('\n');
}
