import type { RequestStatus } from '../intake/request-state.js';
import { entryOf } from '../shared/objects.js';
import { getIn } from '../shared/persistent-map.js';
import type { Alarm, Meters } from './meter.js';

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
 * (an agent may still accept a refused one): the process keeps, per episode, the alarms
 * whose requests answer for it, and reads that when it decides.
 */

/**
 * The first alarm of the episode of `code` that an alarm raised at `raisedAt` belongs to, or
 * undefined when it starts one: of the episodes not cleared by then, the one cleared first
 * (the open one last). A gateway that delivers an alarm late, after its episode was cleared,
 * adds it to that episode, not to a new one with a call of its own.
 */
export function episodeAt(state: Meters, code: string, raisedAt: Date): string | undefined {
  const episodes = entryOf(state.episodes, code);
  const at = raisedAt.getTime();
  let first = episodes?.standing;
  let end = Infinity;
  // Cleared ones, the latest first, until every one behind was cleared by then; of equal
  // clearings the earlier episode, as raised and cleared one after the other.
  for (let episode = episodes?.cleared; episode; episode = episode.before) {
    if (episode.latestClearedAt.getTime() <= at) break;
    const clearedAt = episode.clearedAt.getTime();
    if (clearedAt > at && clearedAt <= end) {
      first = episode.alarmId;
      end = clearedAt;
    }
  }
  return first;
}

/** When an alarm's episode was cleared, if it was: a repeat is cleared with its first alarm. */
export function clearedAtOf(state: Meters, alarm: Alarm): Date | undefined {
  if (alarm.repeatOf === undefined) return alarm.clearedAt;
  return getIn(state.alarms, alarm.repeatOf)?.clearedAt;
}

/** Whether a request in this status answers for its alarm's episode: a call, or a request waiting for an agent. */
export const answersForEpisode = (status: RequestStatus): boolean =>
  status !== 'refused' && status !== 'declined';

/** An alarm of an episode whose request answers for it, and where the alarm stands in the log. */
export interface AnsweringAlarm {
  readonly alarmId: string;
  readonly position: bigint;
}

/**
 * The alarm of the episode whose request answers for an alarm recorded at `position` — a
 * call, or a request waiting for an agent — or undefined when the alarm asks for a call of
 * its own: the first of an episode always does; a repeat does when no alarm of its episode
 * recorded before it has a request that answers (`answering`: the episode's alarms whose
 * requests answer now, as answersForEpisode says).
 */
export function episodeAnsweredBy(
  alarm: { readonly repeatOf?: string; readonly position: bigint },
  answering: readonly AnsweringAlarm[],
): string | undefined {
  if (alarm.repeatOf === undefined) return undefined;
  return answering.find((earlier) => earlier.position < alarm.position)?.alarmId;
}
