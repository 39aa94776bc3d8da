import {
  decodeStored,
  episodeAnsweredBy,
  METER_STREAM_PREFIX,
  type Actor,
  type MaintenancePlan,
  inDueOrder,
  type MeterEvent,
  type Occurrence,
  type OccurrenceNote,
} from '../domain/index.js';
import { refuseReadModelsBehind } from '../projections/read-models-ahead.js';
import { ProjectionRunner } from '../projections/runner.js';
import { CheckpointMoved, type ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import {
  emptyWorkReport,
  requestWork,
  tallyWork,
  type WorkOrder,
  type WorkOutcome,
  type WorkReport,
} from './automatic-work.js';
import type { CommandPipeline } from './pipeline.js';
import { dueWork, planAndEquipment, type DueWork } from './planner-due.js';
import { readHorizon, saveHorizon } from './planner-horizon.js';
import { indexedPlans, PLANNED_WORK_PROJECTION, plannedWorkProjection } from './planner-index.js';
import { answeringAlarms } from './planner-episodes.js';
import { deviceOrder, plannedOrder } from './planner-orders.js';

export type { DueWork } from './planner-due.js';

/**
 * The planner (E1–E3): a process driven by events and a given instant, never by a timer
 * of its own — the embedding application or the CLI decides when it runs and until when.
 *
 * - Device events: every threshold crossing and every alarm recorded since its checkpoint
 *   becomes a request on the meter or alarm channel, as it happened (the checkpoint moves
 *   only after the work was requested; a crash means doing it again, which finds it done).
 * - Plans: every occurrence of every plan's tasks on the equipment it applies to that is
 *   due by `until` becomes a request on the planner channel, received at its due instant.
 *
 * Each request is submitted and accepted by the system as requestWork describes; ids derive
 * from the occurrence or the fact, so a second run, two runs at once, or a run until a later
 * instant create every call exactly once — the same calls as one run per day would have.
 */
export interface PlannerOptions {
  /** The zone whose calendar days plans speak of (default: the organisation's, SetTimeZone; else UTC). */
  readonly timeZone?: string;
  /** The local time (HH:MM) a planned occurrence falls due on its day (default 08:00). */
  readonly dueTime?: string;
  /** Who submits and accepts the requests (default the system actor "planner"). */
  readonly actor?: Actor;
  /**
   * Go over every device event again, not only those since the checkpoint, and every
   * occurrence since the plans began, not only those since the planner's horizon: what was
   * requested before is found, and reported among the calls.
   */
  readonly fromStart?: boolean;
}

export interface DeviceReport extends WorkReport {
  /** 1 when a request could not be made (the checkpoint stays before it and the next run tries again). */
  readonly failed: number;
  readonly position: bigint | undefined;
}

export interface PlannerReport extends WorkReport {
  readonly until: Date;
  readonly notes: readonly OccurrenceNote[];
  readonly devices: DeviceReport;
}

const DEVICES_CHECKPOINT = 'planner-devices';
export class Planner {
  private readonly index: ProjectionRunner;
  /**
   * Work being requested right now, by key: runs at once in this process share it. Across
   * processes the ids keep the store right; the store's idempotent appends then let both
   * runs report the same call as created (the store holds one).
   */
  private readonly inFlight = new Map<string, Promise<WorkOutcome>>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly pipeline: CommandPipeline,
    /** Read models opened for reading only: the index is read as it is, never caught up. */
    private readonly readOnly = false,
  ) {
    this.index = new ProjectionRunner(store, readModels, [plannedWorkProjection]);
  }

  /**
   * The planned-work index brought up to the store's head. It is not folded with each
   * command (readings would pay for it): the planner catches it up when it runs, and so does
   * every open for writing, so that a copy once opened for writing answers read only too.
   */
  async catchUpIndex(): Promise<void> {
    await this.index.catchUp();
  }

  /** The index as the store's head has it: caught up, or read only, refused when behind (ReadModelsBehind). */
  private async indexAtHead(): Promise<void> {
    if (!this.readOnly) return this.catchUpIndex();
    const checkpoint = this.readModels.checkpoint(PLANNED_WORK_PROJECTION)?.position;
    await refuseReadModelsBehind(this.store, { [PLANNED_WORK_PROJECTION]: checkpoint });
  }

  /**
   * Device events first (they happened already), then every planned occurrence due by
   * `until` and not planned yet (see the horizon), with the work that waited for an agent
   * at the last run, in due order.
   */
  async run(until: Date, options: PlannerOptions = {}): Promise<PlannerReport> {
    const actor = options.actor ?? { id: 'planner', role: 'system' };
    const devices = await this.handleDeviceEvents({ ...options, actor });
    const walk = await this.walk(until, options);
    const plans = new Map(indexedPlans(this.readModels).map(({ plan }) => [plan.id, plan]));
    const due: Occurrence[] = walk.due.occurrences.map(({ plan: _, task: __, ...o }) => o);
    // What waited at the last run is tried again, as a walk from the start would find it:
    // unless its plan and equipment were walked from the start now (the walk decides).
    const walked = new Set(due.map((occurrence) => occurrence.key));
    for (const occurrence of walk.horizon?.waiting ?? [])
      if (
        !walked.has(occurrence.key) &&
        !walk.fromStart.has(planAndEquipment(occurrence.planId, occurrence.serialNumber)) &&
        occurrence.dueAt <= until
      )
        due.push(occurrence);
    due.sort(inDueOrder);
    const report = emptyWorkReport();
    const waiting: Occurrence[] = [];
    for (const occurrence of due) {
      const plan = plans.get(occurrence.planId)!;
      const outcome = await this.work(plannedOrder(plan, occurrence), actor);
      tallyWork(report, outcome);
      if (outcome.outcome === 'waiting') waiting.push(occurrence);
    }
    const { stored, position, timeZone, dueTime } = walk;
    // A horizon that reached further stays: this run planned its changed plans only until now.
    const behind = walk.horizon !== undefined && until < walk.horizon.until;
    if (position !== undefined && !behind)
      saveHorizon(this.readModels, stored, { until, position, timeZone, dueTime, waiting });
    return { ...report, until, notes: walk.due.notes, devices };
  }

  /** Every maintenance plan, as the planner sees it. */
  async plans(): Promise<MaintenancePlan[]> {
    await this.indexAtHead();
    return indexedPlans(this.readModels).map(({ plan }) => plan);
  }

  /**
   * What is due by `until` and not planned yet, without requesting anything: the planner's
   * dry run (`fromStart`: every occurrence since the plans began).
   */
  async due(until: Date, options: Omit<PlannerOptions, 'actor'> = {}): Promise<DueWork> {
    return (await this.walk(until, options)).due;
  }

  /**
   * The occurrences a run until `until` plans: from the horizon when it was planned in the
   * same zone and at the same due time, from the start otherwise (or when asked). The
   * index is caught up first; its position is the one a new horizon will name.
   */
  private async walk(until: Date, options: Omit<PlannerOptions, 'actor'>) {
    // Both checked at the boundary (process-input.ts), the organisation's zone when it was set.
    const timeZone = options.timeZone ?? (await this.pipeline.timeZone());
    const dueTime = options.dueTime ?? '08:00';
    await this.indexAtHead();
    const position = this.readModels.checkpoint(PLANNED_WORK_PROJECTION)?.position;
    const stored = readHorizon(this.readModels);
    const horizon =
      options.fromStart !== true &&
      stored.horizon?.timeZone === timeZone &&
      stored.horizon.dueTime === dueTime
        ? stored.horizon
        : undefined;
    const walked = await dueWork(this.store, this.readModels, until, timeZone, dueTime, horizon);
    return { ...walked, stored, horizon, position, timeZone, dueTime };
  }

  /**
   * Threshold crossings and alarms recorded since the checkpoint become requests, in the
   * order they were recorded. An alarm that repeats an open one (same code) is part of that
   * alarm's episode: it makes no call of its own while a request of the episode is a call or
   * waits for an agent, and asks again when they were all refused or declined (episodes.ts).
   */
  async handleDeviceEvents(options: PlannerOptions = {}): Promise<DeviceReport> {
    const actor = options.actor ?? { id: 'planner', role: 'system' };
    const timeZone = options.timeZone ?? (await this.pipeline.timeZone());
    const report = emptyWorkReport();
    const head = await this.store.headPosition();
    let position = options.fromStart
      ? undefined
      : this.readModels.checkpoint(DEVICES_CHECKPOINT)?.position;
    const commit = (at: bigint) => {
      // Two runs at once may finish in either order: the checkpoint only ever moves forward.
      for (;;) {
        const known = this.readModels.checkpoint(DEVICES_CHECKPOINT)?.position;
        if (known !== undefined && at <= known) return;
        try {
          this.readModels.commit([
            {
              projection: DEVICES_CHECKPOINT,
              version: 1,
              from: known,
              position: at,
              writes: new Map(),
            },
          ]);
          return;
        } catch (error) {
          if (!(error instanceof CheckpointMoved)) throw error;
        }
      }
    };
    if (head === undefined) return { ...report, failed: 0, position };
    let moved = false;
    for await (const recorded of this.store.readAll(
      position === undefined ? {} : { fromPosition: position },
    )) {
      if (recorded.position > head) break; // what this run appends itself is no device event
      if (position !== undefined && recorded.position <= position) continue;
      if (recorded.type === 'ThresholdCrossed' || recorded.type === 'AlarmRaised') {
        const event = decodeStored(recorded).event as MeterEvent;
        const serialNumber = recorded.streamName.slice(METER_STREAM_PREFIX.length);
        const order = await deviceOrder(
          this.store,
          serialNumber,
          event,
          timeZone,
          await this.answeredBy(serialNumber, event, recorded.position),
        );
        if (order) {
          try {
            tallyWork(report, await this.work(order, actor));
          } catch {
            if (moved && position !== undefined) commit(position);
            return { ...report, failed: 1, position };
          }
        }
      }
      position = recorded.position;
      moved = true;
    }
    if (moved && position !== undefined) commit(position);
    return { ...report, failed: 0, position };
  }

  /**
   * The alarm whose request answers for the episode of an alarm recorded at `position`
   * (episodeAnsweredBy), for a repeat: the index caught up first, so what became of the
   * episode's requests — made by this run, or decided by an agent — counts.
   */
  private async answeredBy(serialNumber: string, event: MeterEvent, position: bigint) {
    if (event.type !== 'AlarmRaised' || event.data.repeatOf === undefined) return undefined;
    await this.catchUpIndex();
    const { repeatOf } = event.data;
    const answering = answeringAlarms(
      this.readModels,
      PLANNED_WORK_PROJECTION,
      serialNumber,
      repeatOf,
    );
    return episodeAnsweredBy({ repeatOf, position }, answering);
  }

  private async work(order: WorkOrder, actor: Actor): Promise<WorkOutcome> {
    const running = this.inFlight.get(order.key);
    if (running) return { ...(await running), recorded: false };
    const work = requestWork(this.pipeline, this.store, order, actor).finally(() =>
      this.inFlight.delete(order.key),
    );
    this.inFlight.set(order.key, work);
    return work;
  }
}
