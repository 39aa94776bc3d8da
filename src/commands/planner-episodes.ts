import {
  alarmKey,
  answersForEpisode,
  METER_STREAM_PREFIX,
  REQUEST_STREAM_PREFIX,
  requestStatusAfter,
  type AnsweringAlarm,
  type MeterEvent,
} from '../domain/index.js';
import type { Document, Documents, ReadModelStore } from '../projections/types.js';
import { automaticRequestId } from './automatic-work.js';

/**
 * Alarm episodes in the planner's index (planner-index.ts): for each episode, the alarms
 * whose requests answer for it now (a call, or waiting for an agent). Deciding whether a
 * repeat asks for a call then reads one document, where reading each earlier alarm's request
 * made a device that repeats its alarm all through a customer's block cost a read per
 * earlier alarm, for every alarm.
 */

/** Alarms, and the request events that set a request's status: what an episode's answer follows. */
export const episodeEventTypes: readonly string[] = ['AlarmRaised', ...requestStatusAfter.keys()];

export const ALARMS = 'alarms';
export const EPISODES = 'episodes';

/** An alarm's request, by its id: which episode it answers for, and where the alarm stands in the log. */
interface AlarmDocument extends Document {
  serialNumber: string;
  alarmId: string;
  episode: string;
  position: string;
}

interface EpisodeDocument extends Document {
  answering: Array<{ alarmId: string; position: string }>;
}

const episodeKey = (serialNumber: string, firstAlarmId: string): string =>
  JSON.stringify([serialNumber, firstAlarmId]);

/** Folds an alarm or a request event into the episodes; false for any other event. */
export function indexEpisodes(
  event: { readonly type: string; readonly data: unknown },
  streamName: string,
  position: bigint,
  documents: Documents,
): boolean {
  if (event.type === 'AlarmRaised') {
    const { alarmId, repeatOf } = (event as Extract<MeterEvent, { type: 'AlarmRaised' }>).data;
    const serialNumber = streamName.slice(METER_STREAM_PREFIX.length);
    const requestId = automaticRequestId({
      channel: 'alarm',
      key: alarmKey(serialNumber, alarmId),
    });
    documents.put(ALARMS, requestId, {
      serialNumber,
      alarmId,
      episode: repeatOf ?? alarmId,
      position: String(position),
    } satisfies AlarmDocument);
    return true;
  }
  const status = requestStatusAfter.get(event.type);
  if (status === undefined) return false;
  const alarm = documents.get<AlarmDocument>(
    ALARMS,
    streamName.slice(REQUEST_STREAM_PREFIX.length),
  );
  if (!alarm) return true; // a request no alarm asked for
  const key = episodeKey(alarm.serialNumber, alarm.episode);
  const others = (documents.get<EpisodeDocument>(EPISODES, key)?.answering ?? []).filter(
    (answering) => answering.alarmId !== alarm.alarmId,
  );
  const answering = answersForEpisode(status)
    ? [...others, { alarmId: alarm.alarmId, position: alarm.position }]
    : others;
  documents.put(EPISODES, key, { answering } satisfies EpisodeDocument);
  return true;
}

/** The alarms of an episode whose requests answer for it now (the index caught up by the caller). */
export function answeringAlarms(
  readModels: ReadModelStore,
  projection: string,
  serialNumber: string,
  firstAlarmId: string,
): AnsweringAlarm[] {
  const episode = readModels.get<EpisodeDocument>(
    projection,
    EPISODES,
    episodeKey(serialNumber, firstAlarmId),
  );
  return (episode?.answering ?? []).map(({ alarmId, position }) => ({
    alarmId,
    position: BigInt(position),
  }));
}
