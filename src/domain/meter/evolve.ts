import { entryOf, strip } from '../shared/objects.js';
import { getIn, setIn } from '../shared/persistent-map.js';
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
      const alarms = setIn(state.alarms, alarmId, strip(alarm));
      // A repeat joins its episode; a first alarm starts one.
      if (alarm.repeatOf !== undefined) return { ...state, alarms };
      const episodes = entryOf(state.episodes, alarm.code) ?? {};
      return {
        ...state,
        alarms,
        episodes: { ...state.episodes, [alarm.code]: { ...episodes, standing: alarmId } },
      };
    }
    case 'AlarmCleared': {
      // Clearing any alarm of an episode ends the episode: its repeats are cleared with it.
      const { code, clearedAt } = event.data;
      const episodes = entryOf(state.episodes, code);
      const first = episodes?.standing;
      const alarm = first === undefined ? undefined : getIn(state.alarms, first);
      if (first === undefined || !alarm) return state;
      const before = episodes?.cleared;
      const latest =
        before && before.latestClearedAt > clearedAt ? before.latestClearedAt : clearedAt;
      const cleared = strip({ alarmId: first, clearedAt, latestClearedAt: latest, before });
      return {
        ...state,
        alarms: setIn(state.alarms, first, { ...alarm, clearedAt }),
        episodes: { ...state.episodes, [code]: { cleared } },
      };
    }
  }
}

function withMeter(state: Meters, meterId: string, change: (meter: Meter) => Meter): Meters {
  const meter = entryOf(state.meters, meterId);
  return meter ? { ...state, meters: { ...state.meters, [meterId]: change(meter) } } : state;
}
