import { entryOf, strip } from '../shared/objects.js';
import type { Meter, MeterEvent, Meters } from './meter.js';

/** The meters after an event: readings appended, thresholds and alarms kept per meter. */
export function evolveMeters(state: Meters, event: MeterEvent): Meters {
  switch (event.type) {
    case 'MeterRegistered': {
      const { meterId, unit, kind, name } = event.data;
      return {
        ...state,
        meters: {
          ...state.meters,
          [meterId]: strip({ unit, kind, name, thresholds: {}, replacements: 0 }),
        },
      };
    }
    case 'ThresholdSet': {
      const {
        meterId,
        thresholdId,
        high,
        low,
        hysteresis,
        service,
        priority: p,
        description,
      } = event.data;
      return withMeter(state, meterId, (meter) => ({
        ...meter,
        thresholds: {
          ...meter.thresholds,
          [thresholdId]: strip({
            high,
            low,
            hysteresis,
            service,
            priority: p,
            description,
            tripped: false,
          }),
        },
      }));
    }
    case 'ThresholdRemoved': {
      const { meterId, thresholdId } = event.data;
      return withMeter(state, meterId, (meter) => {
        const { [thresholdId]: _removed, ...thresholds } = meter.thresholds;
        return { ...meter, thresholds };
      });
    }
    case 'ReadingRecorded': {
      const { meterId, readAt, value: shown, total, replacement } = event.data;
      return withMeter(state, meterId, (meter) => ({
        ...meter,
        lastReading: strip({ at: readAt, value: shown, total }),
        replacements: meter.replacements + (replacement ? 1 : 0),
      }));
    }
    case 'ThresholdCrossed':
    case 'ThresholdRearmed': {
      const { meterId, thresholdId } = event.data;
      const tripped = event.type === 'ThresholdCrossed';
      return withMeter(state, meterId, (meter) => {
        const threshold = entryOf(meter.thresholds, thresholdId);
        return threshold
          ? {
              ...meter,
              thresholds: { ...meter.thresholds, [thresholdId]: { ...threshold, tripped } },
            }
          : meter;
      });
    }
    case 'AlarmRaised': {
      const { at: _at, alarmId, ...alarm } = event.data;
      // A repeat delivered after its episode was cleared is cleared with it.
      const { repeatOf } = alarm;
      const clearedAt =
        repeatOf === undefined ? undefined : entryOf(state.alarms, repeatOf)?.clearedAt;
      return {
        ...state,
        alarms: { ...state.alarms, [alarmId]: strip({ ...alarm, clearedAt }) },
      };
    }
    case 'AlarmCleared': {
      // Clearing any alarm of an episode ends the episode: its repeats are cleared with it.
      const { code, clearedAt } = event.data;
      const alarms = Object.fromEntries(
        Object.entries(state.alarms).map(([alarmId, alarm]) => [
          alarmId,
          alarm.code === code && !alarm.clearedAt ? { ...alarm, clearedAt } : alarm,
        ]),
      );
      return { ...state, alarms };
    }
  }
}

function withMeter(state: Meters, meterId: string, change: (meter: Meter) => Meter): Meters {
  const meter = entryOf(state.meters, meterId);
  return meter ? { ...state, meters: { ...state.meters, [meterId]: change(meter) } } : state;
}
