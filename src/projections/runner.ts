import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, Subscription } from '../store/port.js';
import { foldBatches, SLICE, type CatchUpReport } from './catch-up-batches.js';
import { foldWithinAppend } from './inline-fold.js';
import { wantedTypes } from './slice.js';
import {
  CheckpointMoved,
  readCheckpoints,
  type EventAnchor,
  type Projection,
  type ReadModelStore,
} from './types.js';
import { liveView } from './live-snapshot.js';
import {
  rebuildAndCompare,
  scratchFor,
  type Replay,
  type Scratch,
  type VerifyReport,
} from './verify.js';

export type { CatchUpReport } from './catch-up-batches.js';
export type { Difference, VerifyReport } from './verify.js';

export interface RunnerOptions {
  /** Events per read-model transaction. Larger batches write less often; a crash repeats at most one batch. */
  readonly batchSize?: number;
  /** Stop after this position (verification replays up to what the live models have seen). */
  readonly untilPosition?: bigint;
  /** Validate every field of every event against its schema (audits); otherwise only revive instants. */
  readonly strictDecoding?: boolean;
  /** Live: how long appends gather before one catch-up folds them all (LIVE_GATHER_MS). */
  readonly liveGatherMs?: number;
}

/**
 * Live: how long appends gather before one catch-up folds them all. A catch-up per append
 * (as before) made live slower than inline, one read-model transaction per command beside
 * the command's own (W5 by mode: 606 against 1,116 commands/s with one caller); gathered,
 * a transaction folds every command of the moment. Queries lag by this much and the catch-up.
 */
export const LIVE_GATHER_MS = 10;

/** Conflicts with another runner tolerated in a row before a catch-up gives up. */
const MAX_CONFLICTS = 100;

/**
 * Feeds projections from the event store in global order and keeps their checkpoints.
 * Every batch commits documents and checkpoints together, so each event takes effect
 * exactly once however the process stops. All entry points are serialised.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private queue: Promise<unknown> = Promise.resolve();
  private live?: { subscription: Subscription; done: Promise<void> };
  private readonly wanted: ReadonlySet<string>;
  /** A catch-up is folding (perhaps awaiting a read): a fold within an append must not cut in. */
  private processing = false;
  /** Where the fold within the transaction being committed left every projection, if it folded. */
  private foldedInTransaction: bigint | undefined;
  /**
   * How far folds within appends have brought every projection, in transactions that
   * committed: read-your-writes up to here needs no look at the checkpoints. Only a rebuild
   * takes projections back; one in another process is not seen (its queries see a rebuild
   * under way whatever this says).
   */
  private foldedThrough: bigint | undefined;

  constructor(
    private readonly events: EventStore,
    readonly readModels: ReadModelStore,
    readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name))
        throw new Error(`Two projections are named ${projection.name}`);
      names.add(projection.name);
      readModels.ensureCollections(projection);
    }
    this.wanted = wantedTypes(projections);
  }

  /**
   * Inline mode on a store whose appends can carry the read models' writes: folds the new
   * events inside the append's transaction (see inline-fold.ts). Run by the store during
   * an append; left to `catchUpTo` when a catch-up is under way.
   */
  foldWithinAppend(): void {
    this.foldedInTransaction = undefined;
    if (this.processing) return;
    this.foldedInTransaction = foldWithinAppend({
      events: this.events,
      readModels: this.readModels,
      projections: this.projections,
      wanted: this.wanted,
      maxEvents: SLICE,
      strictDecoding: this.options.strictDecoding ?? false,
    });
  }

  /** The transaction of the last `foldWithinAppend` committed (the store's `committed` hook). */
  appendCommitted(): void {
    const folded = this.foldedInTransaction;
    this.foldedInTransaction = undefined;
    if (folded !== undefined && (this.foldedThrough === undefined || folded > this.foldedThrough))
      this.foldedThrough = folded;
  }

  /** Brings every projection up to the store's head (or `untilPosition`). */
  catchUp(): Promise<CatchUpReport> {
    return this.serialised(() => this.process());
  }

  /** Read-your-writes: returns once every projection has seen `position`. */
  catchUpTo(position: bigint): Promise<CatchUpReport> {
    // Folded in the committed transaction that wrote it (inline on SQLite): nothing to read.
    if (this.foldedThrough !== undefined && this.foldedThrough >= position)
      return Promise.resolve({ events: 0, position });
    return this.serialised(async () => {
      if (this.storedCheckpoints().every((checkpoint) => (checkpoint ?? -1n) >= position))
        return { events: 0, position };
      return this.process();
    });
  }

  /** Forgets the named projections (all by default) and rebuilds them from the first event. */
  rebuild(names?: readonly string[]): Promise<CatchUpReport> {
    return this.serialised(() => {
      this.foldedThrough = undefined;
      for (const projection of this.projections) {
        if (!names || names.includes(projection.name)) this.readModels.reset(projection.name);
      }
      return this.process();
    });
  }

  /**
   * Rebuilds every projection from zero into fresh read models (a temporary file beside
   * read models in SQLite, memory beside read models in memory), each exactly to the
   * checkpoint the live one had in one read of the live models, compares the documents of
   * that same read, and lists those that differ (the first MAX_DIFFERENCES; `differing`
   * counts them all). Others writing meanwhile do not show as differences. Memory stays
   * bounded: the rebuild writes to its own store and the comparison walks pages.
   */
  async verify(options: { scratch?: Scratch } = {}): Promise<VerifyReport> {
    await this.catchUp();
    const { view, isolated } = liveView(this.readModels);
    const replay: Replay = async (readModels, due, untilPosition) =>
      (
        await new ProjectionRunner(this.events, readModels, due, {
          ...this.options,
          strictDecoding: true,
          untilPosition,
        }).catchUp()
      ).events;
    const compare = async (): Promise<VerifyReport> =>
      rebuildAndCompare(
        this.projections,
        view,
        options.scratch ?? scratchFor(this.readModels),
        replay,
      );
    try {
      // Without a snapshot of its own (read models in memory), this runner's catch-ups wait for the comparison.
      return await (isolated ? compare() : this.serialised(compare));
    } finally {
      view.release();
    }
  }

  /** Follows the store live until `stop()`. Errors stop the loop and surface from `stop()`. */
  start(): void {
    if (this.live) return;
    const after = this.lowestCheckpoint();
    // Only the event types some projection reads: EventStoreDB filters them on the server.
    const eventTypes = [...new Set(this.projections.flatMap((p) => [...p.eventTypes]))];
    const subscription = this.events.subscribeToAll({
      eventTypes,
      ...(after === undefined ? {} : { afterPosition: after }),
    });
    const gather = this.options.liveGatherMs ?? LIVE_GATHER_MS;
    const done = (async () => {
      let through = (await this.catchUp()).position;
      // The subscription only wakes the runner: events a catch-up already folded pass, and
      // the first one after them waits for more to gather, then one catch-up folds them all.
      for await (const event of subscription) {
        if (through !== undefined && event.position <= through) continue;
        if (gather > 0) await sleep(gather);
        through = (await this.catchUp()).position;
      }
    })();
    this.live = { subscription, done };
  }

  async stop(): Promise<void> {
    if (!this.live) return;
    const { subscription, done } = this.live;
    this.live = undefined;
    await subscription.close();
    await done;
    await this.queue;
  }

  checkpoints(): Record<string, bigint | undefined> {
    const stored = this.storedCheckpoints();
    return Object.fromEntries(this.projections.map((p, i) => [p.name, stored[i]]));
  }

  /** The last event each projection folded, where its checkpoint recorded one. */
  anchors(): EventAnchor[] {
    const anchors: EventAnchor[] = [];
    for (const checkpoint of readCheckpoints(
      this.readModels,
      this.projections.map((p) => p.name),
    ))
      if (checkpoint?.anchor) anchors.push(checkpoint.anchor);
    return anchors;
  }

  /**
   * Each projection's checkpoint in projection order, read at once; undefined where it is of
   * another version of the projection (`otherVersion` is told of each).
   */
  private storedCheckpoints(
    otherVersion?: (projection: Projection) => void,
  ): Array<bigint | undefined> {
    const names = this.projections.map((p) => p.name);
    return readCheckpoints(this.readModels, names).map((checkpoint, i) => {
      const projection = this.projections[i]!;
      if (!checkpoint || checkpoint.version === projection.version) return checkpoint?.position;
      otherVersion?.(projection);
      return undefined;
    });
  }

  private lowestCheckpoint(): bigint | undefined {
    let lowest: bigint | undefined;
    for (const checkpoint of this.storedCheckpoints()) {
      if (checkpoint === undefined) return undefined;
      if (lowest === undefined || checkpoint < lowest) lowest = checkpoint;
    }
    return lowest;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Catches up. When another runner on the same read models (another process on the file)
   * moved a checkpoint while a batch was folded, that batch was not written: start again
   * from where the other left the checkpoints. Each conflict means the other made progress.
   */
  private async process(): Promise<CatchUpReport> {
    this.processing = true;
    try {
      return await this.processConflicts();
    } finally {
      this.processing = false;
    }
  }

  private async processConflicts(): Promise<CatchUpReport> {
    const progress = { events: 0 };
    for (let conflicts = 0; ; conflicts++) {
      try {
        const { position } = await this.processOnce(progress);
        return { events: progress.events, position };
      } catch (error) {
        if (!(error instanceof CheckpointMoved)) throw error;
        // Endless conflicts mean two runners undo each other (two versions of one projection
        // resetting it in turn): an error to act on, not a loop to hang in.
        if (conflicts >= MAX_CONFLICTS) {
          throw new Error(
            `Projection ${error.projection}: its checkpoint was moved by another runner ${MAX_CONFLICTS + 1} times in a row; are two versions of it running on the same read models?`,
            { cause: error },
          );
        }
      }
    }
  }

  private processOnce(progress: { events: number }): Promise<CatchUpReport> {
    // Checkpoints read once here serve the first batch too: an inline catch-up is one batch, and reads cost.
    const stored = this.storedCheckpoints((projection) => this.readModels.reset(projection.name));
    return foldBatches(
      {
        events: this.events,
        readModels: this.readModels,
        projections: this.projections,
        wanted: this.wanted,
        batchSize: this.batchSize,
        untilPosition: this.options.untilPosition,
        strictDecoding: !!this.options.strictDecoding,
        checkpoints: () => this.storedCheckpoints(),
      },
      stored,
      progress,
    );
  }
}
