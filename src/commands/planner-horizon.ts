import { CheckpointMoved, type Document, type ReadModelStore } from '../projections/types.js';
import type { Occurrence } from '../domain/index.js';

/**
 * How far the planner has planned, so that a run costs what fell due since the last one,
 * not a decade of occurrences asked for again. A horizon says: every occurrence due by
 * `until`, of the plans, equipment and readings as they stood at `position` of the log
 * (the planned-work index's checkpoint when the run read them), in `timeZone` at
 * `dueTime`, was requested; `waiting` are those whose request then waited for an agent,
 * tried again by later runs as a full walk would. Only the occurrences are kept (ids, days,
 * the service, the customer's and site's ids, counter totals): their requests' texts are
 * the sender's, sealed in the events. It is kept in the read-model store
 * and moved only by a run that finished: a crash, or losing it, costs a longer run, never
 * a missed occurrence.
 */
export const PLANNER_HORIZON = 'planner-plans';

export interface Horizon {
  readonly until: Date;
  readonly position: bigint;
  readonly timeZone: string;
  readonly dueTime: string;
  readonly waiting: readonly Occurrence[];
}

/** The horizon as read, with the checkpoint a run must find unmoved to replace it. */
export interface StoredHorizon {
  readonly horizon?: Horizon;
  readonly checkpoint?: bigint;
}

const HORIZON = 'horizon';
const WAITING = 'waiting';
const PLANS = 'plans';

interface HorizonDocument extends Document {
  until: string;
  timeZone: string;
  dueTime: string;
}

type WaitingDocument = Omit<Occurrence, 'dueAt'> & Document & { dueAt: string };

export function readHorizon(readModels: ReadModelStore): StoredHorizon {
  const checkpoint = readModels.checkpoint(PLANNER_HORIZON)?.position;
  const stored = readModels.get<HorizonDocument>(PLANNER_HORIZON, HORIZON, PLANS);
  if (checkpoint === undefined || !stored) return checkpoint === undefined ? {} : { checkpoint };
  const waiting = [...readModels.all<WaitingDocument>(PLANNER_HORIZON, WAITING)].map(
    ([, occurrence]) => ({ ...occurrence, dueAt: new Date(occurrence.dueAt) }),
  );
  return {
    checkpoint,
    horizon: {
      until: new Date(stored.until),
      position: checkpoint,
      timeZone: stored.timeZone,
      dueTime: stored.dueTime,
      waiting,
    },
  };
}

/**
 * Replaces the horizon read as `read` with `next`; false (nothing written) when another run
 * replaced it first. Its horizon is as true as this one, and the next run plans from it.
 */
export function saveHorizon(
  readModels: ReadModelStore,
  read: StoredHorizon,
  next: Horizon,
): boolean {
  const waiting = new Map<string, Document | null>();
  for (const { key } of read.horizon?.waiting ?? []) waiting.set(key, null);
  for (const occurrence of next.waiting)
    waiting.set(occurrence.key, { ...occurrence, dueAt: occurrence.dueAt.toISOString() });
  const horizon: HorizonDocument = {
    until: next.until.toISOString(),
    timeZone: next.timeZone,
    dueTime: next.dueTime,
  };
  try {
    readModels.commit([
      {
        projection: PLANNER_HORIZON,
        version: 1,
        from: read.checkpoint,
        position: next.position,
        writes: new Map([
          [HORIZON, new Map([[PLANS, horizon]])],
          [WAITING, waiting],
        ]),
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof CheckpointMoved) return false;
    throw error;
  }
}
