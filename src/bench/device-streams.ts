import { join } from 'node:path';
import type { Callstream } from '../callstream.js';
import type { Actor } from '../domain/index.js';
import { streamPoints, type StreamPoint } from './stream-points.js';
import { BenchStore } from './bench-store.js';

export interface DeviceStreams {
  readonly readings: readonly StreamPoint[];
  /** An alarm raised and cleared: two commands. */
  readonly alarms: readonly StreamPoint[];
  /** Warm CPU per command on the longest stream over the shortest (medians of the rounds). */
  readonly readingGrowth: number;
  readonly readingGrowthRange: readonly [number, number];
  readonly alarmGrowth: number;
  readonly alarmGrowthRange: readonly [number, number];
}

const ROUNDS = 9;
/** Per round: readings, or alarms raised and cleared (two commands each). */
const COMMANDS_PER_ROUND = 30;
const COLD_RUNS = 5;
const supervisor: Actor = { id: 'bench-admin', role: 'supervisor' };
const feed: Actor = { id: 'bench-feed', role: 'system' };

/**
 * W6: one piece of equipment's meters and alarms are one stream for life: a meter read every
 * hour adds 8,760 readings a year, a UPS on battery an alarm every few minutes. CPU per
 * reading, and per alarm raised and cleared, on streams already holding each of `sizes` of
 * them (each size a store of its own, the stores taking turns: streamPoints), warm and cold.
 * Warm cost must not grow with the stream; cold reads it once, so it grows by a fold per
 * event and no more.
 */
export async function w6DeviceStreams(
  dir: string,
  sizes: readonly number[],
  onProgress?: (text: string) => void,
): Promise<DeviceStreams> {
  const ascending = [...sizes].sort((a, b) => a - b);
  const devices: Device[] = [];
  try {
    for (const size of ascending) {
      onProgress?.(`W6: ${size} readings and alarms on one device …`);
      const device = await Device.open(join(dir, `w6-${size}.db`));
      devices.push(device);
      await device.register();
      await device.fill(size);
    }
    onProgress?.('W6: readings and alarms, the stores taking turns …');
    const points = async (command: (device: Device) => Promise<void>, commands: number) => {
      for (const device of devices) await command(device); // loads the stream
      return streamPoints(
        devices.map((device, i) => ({
          events: ascending[i]!,
          warm: async () => {
            for (let c = 0; c < COMMANDS_PER_ROUND; c++) await command(device);
          },
          reopen: () => device.reopen(),
          cold: () => command(device),
        })),
        { rounds: ROUNDS, commands: COMMANDS_PER_ROUND * commands, coldRuns: COLD_RUNS },
      );
    };
    const readings = await points((device) => device.read(), 1);
    const alarms = await points((device) => device.alarm(), 2);
    return {
      readings: readings.points,
      alarms: alarms.points,
      readingGrowth: readings.growth,
      readingGrowthRange: readings.growthRange,
      alarmGrowth: alarms.growth,
      alarmGrowthRange: alarms.growthRange,
    };
  } finally {
    for (const device of devices) await device.remove();
  }
}

/** A copier read every hour and a UPS whose alarms are raised and cleared, each command an hour after the last. */
class Device extends BenchStore {
  private readings = 0;
  private alarms = 0;

  private constructor(file: string, callstream: Callstream) {
    super(file, callstream, feed);
  }

  static async open(file: string): Promise<Device> {
    return new Device(file, await BenchStore.fresh(file));
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
  const line = (
    what: string,
    points: readonly StreamPoint[],
    growth: number,
    range: readonly number[],
  ) =>
    `  ${what}: ${points.map((p) => `${p.events} in the stream ${p.warmMs} ms warm, ${p.coldMs} ms cold`).join('; ')} (warm × ${growth}; rounds ${range.join('–')})`;
  return [
    'W6 device streams (CPU per command; cold: the first after opening the store)',
    line('readings', w6.readings, w6.readingGrowth, w6.readingGrowthRange),
    line('alarms raised and cleared', w6.alarms, w6.alarmGrowth, w6.alarmGrowthRange),
  ].join('\n');
}
