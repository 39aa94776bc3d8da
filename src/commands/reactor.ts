import { decodeStored, type DecodedEvent } from '../domain/index.js';
import { CheckpointMoved, type ReadModelStore } from '../projections/types.js';
import { eventReader } from '../projections/event-reader.js';
import type { EventStore, RecordedEvent } from '../store/port.js';

/** Events read at a time. */
const PAGE = 1000;

export interface ReactionReport {
  readonly handled: number;
  readonly failed: number;
  readonly position: bigint | undefined;
}

/**
 * Side effects driven by events, at least once: events are handled in global order and
 * the checkpoint moves only after an event's handler succeeded, so a failure or a crash
 * means the handler sees the event again, never that it is skipped. Handlers make their
 * effects recognisable (ids derived from the event) so a repeat does no harm.
 */
export class Reactor {
  private running: Promise<ReactionReport> | undefined;

  constructor(
    readonly name: string,
    private readonly store: EventStore,
    private readonly checkpoints: ReadModelStore,
    private readonly eventTypes: ReadonlySet<string>,
    private readonly handle: (decoded: DecodedEvent, recorded: RecordedEvent) => Promise<boolean>,
  ) {}

  /**
   * Handles everything not handled yet, or only what was recorded up to `upTo` (a caller
   * replaying its own routines over a store that already holds later history reacts to what
   * was there then); concurrent calls share one run. Stops at the first failure.
   */
  run(upTo?: bigint): Promise<ReactionReport> {
    this.running ??= this.react(upTo).finally(() => (this.running = undefined));
    return this.running;
  }

  private async react(upTo: bigint | undefined): Promise<ReactionReport> {
    let committed = this.checkpoints.checkpoint(this.name)?.position;
    let position = committed;
    let handled = 0;
    // The checkpoint moves right after each handled event, and once at the end over the events
    // passed by: one write per event (thousands a simulated day) would cost more than the
    // reading, and passing an unwanted event again after a crash does nothing.
    const save = (): ReactionReport | undefined => {
      if (position === undefined || position === committed) return undefined;
      try {
        this.checkpoints.commit([
          { projection: this.name, version: 1, from: committed, position, writes: new Map() },
        ]);
        committed = position;
        return undefined;
      } catch (error) {
        // Another reactor on the same checkpoints (another process) is ahead: it carries on from there.
        if (error instanceof CheckpointMoved)
          return { handled, failed: 0, position: this.checkpoints.checkpoint(this.name)?.position };
        throw error;
      }
    };
    // The embedded stores hand over the reactor's types only; others give every event.
    const reader = eventReader(this.store, position, upTo, this.eventTypes);
    try {
      for (let page = await reader.read(PAGE); page.length > 0; page = await reader.read(PAGE))
        for (const recorded of page) {
          if (!this.eventTypes.has(recorded.type)) {
            position = recorded.position;
            continue;
          }
          try {
            if (await this.handle(decodeStored(recorded), recorded)) handled++;
          } catch {
            return save() ?? { handled, failed: 1, position: committed };
          }
          position = recorded.position;
          const moved = save();
          if (moved) return moved;
        }
      // Through the events passed over after the last one handed over.
      const reached = reader.reached();
      if (reached !== undefined && (position === undefined || reached > position))
        position = reached;
    } finally {
      await reader.close();
    }
    return save() ?? { handled, failed: 0, position: committed };
  }
}
