import { METER_STREAM_PREFIX, type MeterEvent, type UsagePoint } from '../domain/index.js';
import type { Document, Documents, ReadModelStore } from '../projections/types.js';

/**
 * Counters' readings in the planner's index (planner-index.ts): each counter's count of
 * readings, and each reading by its place in that count (what usage schedules count: when
 * it was read and the usage counted so far, across replacements, as counterReadings gives
 * it). A run after a reading then reads the readings since the last one it planned from,
 * newest first, where folding the meters' whole stream, once as they are and once as the
 * horizon knew them, made every reading cost a read of every earlier one.
 *
 * Readings of one counter come in time order (RecordReading refuses an older one), so the
 * newest come last by their place, their instant and their position in the log alike.
 */
export const readingEventTypes: readonly string[] = ['MeterRegistered', 'ReadingRecorded'];

export const COUNTERS = 'counters';
export const READINGS = 'readings';

interface CounterDocument extends Document {
  readings: number;
}

/** A reading: its instant (ISO), the usage counted by then, and where it stands in the log. */
interface ReadingDocument extends Document {
  at: string;
  total: number;
  position: string;
}

const counterKey = (serialNumber: string, meterId: string): string =>
  JSON.stringify([serialNumber, meterId]);
const readingKey = (serialNumber: string, meterId: string, place: number): string =>
  JSON.stringify([serialNumber, meterId, place]);

/**
 * Folds a meter's registration or a reading into the counters; false for any other event.
 * Gauges are not kept: usage is counted on counters only.
 */
export function indexReadings(
  event: { readonly type: string; readonly data: unknown },
  streamName: string,
  position: bigint,
  documents: Documents,
): boolean {
  if (event.type !== 'MeterRegistered' && event.type !== 'ReadingRecorded') return false;
  const serialNumber = streamName.slice(METER_STREAM_PREFIX.length);
  const data = (event as MeterEvent).data as { meterId: string };
  const key = counterKey(serialNumber, data.meterId);
  if (event.type === 'MeterRegistered') {
    // As evolveMeters does: a meter registered starts without readings.
    const { kind } = (event as Extract<MeterEvent, { type: 'MeterRegistered' }>).data;
    if (kind === 'counter') documents.put(COUNTERS, key, { readings: 0 } satisfies CounterDocument);
    else documents.delete(COUNTERS, key);
    return true;
  }
  const counter = documents.get<CounterDocument>(COUNTERS, key);
  if (!counter) return true; // a gauge's reading, or a meter never registered
  const { meterId, readAt, value, total } = (
    event as Extract<MeterEvent, { type: 'ReadingRecorded' }>
  ).data;
  documents.put(READINGS, readingKey(serialNumber, meterId, counter.readings), {
    at: readAt.toISOString(),
    total: total ?? value,
    position: String(position),
  } satisfies ReadingDocument);
  documents.put(COUNTERS, key, { readings: counter.readings + 1 } satisfies CounterDocument);
  return true;
}

/**
 * Walks a counter's readings back from the newest, up to and including the first for which
 * `enough` is true (to the first reading otherwise); undefined when the equipment has no such
 * counter.
 */
function readingsBack(
  readModels: ReadModelStore,
  projection: string,
  serialNumber: string,
  meterId: string,
  enough: (reading: ReadingDocument) => boolean,
): ReadingDocument[] | undefined {
  const counter = readModels.get<CounterDocument>(
    projection,
    COUNTERS,
    counterKey(serialNumber, meterId),
  );
  if (!counter) return undefined;
  const back: ReadingDocument[] = [];
  for (let place = counter.readings - 1; place >= 0; place--) {
    const reading = readModels.get<ReadingDocument>(
      projection,
      READINGS,
      readingKey(serialNumber, meterId, place),
    )!;
    back.push(reading);
    if (enough(reading)) break;
  }
  return back;
}

const usagePoint = ({ at, total }: ReadingDocument): UsagePoint => ({ at: new Date(at), total });

/**
 * A counter's readings in time order, from the last one read at or before `after` on (every
 * one without it): all that the marks reached after `after` depend on, as the reading before
 * each mark is the one it is judged against. Undefined when the equipment has no such counter
 * (none registered, or a gauge). The index caught up by the caller.
 */
export function counterReadingsSince(
  readModels: ReadModelStore,
  projection: string,
  serialNumber: string,
  meterId: string,
  after?: Date,
): UsagePoint[] | undefined {
  const since = after?.getTime();
  const back = readingsBack(
    readModels,
    projection,
    serialNumber,
    meterId,
    (reading) => since !== undefined && Date.parse(reading.at) <= since,
  );
  return back?.reverse().map(usagePoint);
}

/**
 * The last reading of a counter recorded at or before `position` of the log: the newest the
 * index knew there. Undefined when it had none by then, or is no counter.
 */
export function counterReadingAt(
  readModels: ReadModelStore,
  projection: string,
  serialNumber: string,
  meterId: string,
  position: bigint,
): UsagePoint | undefined {
  const back = readingsBack(
    readModels,
    projection,
    serialNumber,
    meterId,
    (reading) => BigInt(reading.position) <= position,
  );
  const last = back?.[back.length - 1];
  return last && BigInt(last.position) <= position ? usagePoint(last) : undefined;
}
