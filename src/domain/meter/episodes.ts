import type { RequestStatus } from '../intake/request-state.js';
import { entryOf } from '../shared/objects.js';
import type { Meters } from './meter.js';

/**
 * Alarm episodes and their call (E2, E3). An episode is the first alarm of a code and every
 * alarm of that code the device raises before it is cleared (recorded with `repeatOf`): what
 * the device said, whatever became of the work. It makes one call. The first alarm asks for
 * it; a repeat asks again only while no request of the episode is a call or waits for an
 * agent — each one was refused by the validation (a blocked customer, no contract that day)
 * or declined — so a repeat after the cause is gone is validated under the rules in force
 * then, and an episode that has its call stays one call.
 *
 * The meters record the device's facts only; what became of a request is the request's
 * (an agent may still accept a refused one), so the process reads it there when it decides.
 */

/**
 * The first alarm of the episode of `code` that an alarm raised at `raisedAt` belongs to, or
 * undefined when it starts one: of the episodes not cleared by then, the one cleared first
 * (the open one last). A gateway that delivers an alarm late, after its episode was cleared,
 * adds it to that episode, not to a new one with a call of its own.
 */
export function episodeAt(state: Meters, code: string, raisedAt: Date): string | undefined {
  let first: { alarmId: string; end: number } | undefined;
  for (const [alarmId, alarm] of Object.entries(state.alarms)) {
    if (alarm.code !== code || alarm.repeatOf !== undefined) continue;
    const end = alarm.clearedAt?.getTime() ?? Infinity;
    if (end > raisedAt.getTime() && (!first || end < first.end)) first = { alarmId, end };
  }
  return first?.alarmId;
}

/** The other alarms of an alarm's episode, as `state` knows them: its first alarm and repeats. */
export function episodeAlarms(state: Meters, alarmId: string): string[] {
  const alarm = entryOf(state.alarms, alarmId);
  if (!alarm) return [];
  const first = alarm.repeatOf ?? alarmId;
  return Object.entries(state.alarms)
    .filter(([id, other]) => id !== alarmId && (id === first || other.repeatOf === first))
    .map(([id]) => id);
}

/**
 * The alarm of the episode whose request answers for it — a call, or a request waiting for
 * an agent — or undefined when `alarmId` asks for a call of its own. `state` holds the meters
 * as the alarm was raised (it and what came before); `requests` what became of the requests
 * those alarms asked for (none for an alarm that joined its episode).
 */
export function episodeAnsweredBy(
  state: Meters,
  alarmId: string,
  requests: ReadonlyMap<string, RequestStatus>,
): string | undefined {
  if (entryOf(state.alarms, alarmId)?.repeatOf === undefined) return undefined;
  return episodeAlarms(state, alarmId).find((earlier) => {
    const status = requests.get(earlier);
    return status !== undefined && status !== 'refused' && status !== 'declined';
  });
}
