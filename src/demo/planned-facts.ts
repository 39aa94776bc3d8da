import type { Actor } from '../domain/index.js';
import { MINUTE } from './office-hours.js';
import { equipment } from './organisation.js';
import { Random } from './random.js';
import { copiers } from './planned-setup.js';

const feed: Actor = { id: 'meter-feed', role: 'system' };
const gateway: Actor = { id: 'ups-gateway', role: 'system' };
const upsUnits = equipment.filter((unit) => unit.item === 'ups-3000');

/** A reading or an alarm a device sends, at the instant it happens. */
export interface DeviceFact {
  readonly at: Date;
  readonly command: Record<string, unknown>;
}

/**
 * The devices' facts from `firstYear` to `lastYear`, in time order: the copiers' counter
 * readings every other month (running on from one year to the next) and each year's UPS
 * alarms, drawn from the seed.
 */
export function deviceFacts(seed: number, firstYear: number, lastYear: number): DeviceFact[] {
  const random = new Random(seed ^ 0x5eed);
  const facts: DeviceFact[] = [];
  const counters = new Map<string, number>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const copier of copiers) {
      let counter = counters.get(copier.serialNumber) ?? random.int(40, 80) * 1000;
      for (let month = 1; month <= 11; month += 2) {
        const readAt = new Date(Date.UTC(year, month - 1, 1, 9));
        facts.push({
          at: readAt,
          command: {
            type: 'RecordReading',
            actor: feed,
            serialNumber: copier.serialNumber,
            meterId: 'copies',
            value: counter,
            readAt: readAt.toISOString(),
            source: 'copier telemetry',
          },
        });
        counter += random.int(6, 14) * 1000;
      }
      counters.set(copier.serialNumber, counter);
    }
    // Alarm ids are the gateway's, unique per unit: the first year's keep their names.
    const suffix = year === firstYear ? '' : `-${year}`;
    const alarmed = random.pick(upsUnits);
    const outage = new Date(Date.UTC(year, 2 + random.int(0, 5), 3 + random.int(0, 20), 2, 10));
    const alarm = (
      alarmId: string,
      at: Date,
      code: string,
      message: string,
      serialNumber = alarmed.serialNumber,
    ) =>
      facts.push({
        at,
        command: {
          type: 'RaiseAlarm',
          actor: gateway,
          serialNumber,
          alarmId: `${alarmId}${suffix}`,
          code,
          severity: 'critical',
          message,
          raisedAt: at.toISOString(),
        },
      });
    alarm('OB-1', outage, 'ON-BATTERY', 'Mains lost: running on battery');
    alarm(
      'OB-2',
      new Date(outage.getTime() + 10 * MINUTE),
      'ON-BATTERY',
      'Mains lost: running on battery (repeated)',
    );
    facts.push({
      at: new Date(outage.getTime() + 60 * MINUTE),
      command: {
        type: 'ClearAlarm',
        actor: gateway,
        serialNumber: alarmed.serialNumber,
        alarmId: `OB-1${suffix}`,
        note: 'Mains back',
      },
    });
    alarm(
      'OH-1',
      new Date(Date.UTC(year, 7, 12, 14, 30)),
      'OVERHEAT',
      'Battery temperature 45 °C',
      random.pick(upsUnits).serialNumber,
    );
  }
  facts.sort((a, b) => a.at.getTime() - b.at.getTime());
  return facts;
}
