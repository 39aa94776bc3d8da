import type { DomainEvent, Fold } from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { CACHED_EVENTS, foldedEvents, Lru } from './lru.js';
import { loadStream, type Loaded } from './load.js';

/**
 * Streams as last seen, so the next command on a stream reads only what was appended since.
 * Always a true prefix of the stream (events never change), so it cannot go stale in a way
 * that matters: the expected revision still guards every append. But the personal values in
 * a folded state were opened when it was read: once a person is forgotten (here or by another
 * process), every stream is dropped and read again, so a command cannot copy a forgotten
 * person's values into a stream sealed under another, live key (a reopening's successor).
 *
 * Streams whose state settled (Decider.settled: a closed call) are kept apart, a few: a run
 * over thousands of them (the billing run bills each finished call once) would otherwise
 * fill the cache with states it will not read again, and hold them (at 20,000 calls the
 * billing run took this cache from 24 to 52 MB so: heap snapshots of the demo).
 */
export class StreamCache {
  private readonly streams: Lru<string, Loaded<unknown>>;
  private readonly settled: Lru<string, Loaded<unknown>>;
  /** The count of forgotten persons when last looked at. */
  private forgottenSeen: number | undefined;

  constructor(
    readonly store: EventStore,
    capacity = 10_000,
    /** How many persons are forgotten (a store that seals personal data): see above. */
    private readonly forgettings?: () => number,
  ) {
    this.streams = new Lru<string, Loaded<unknown>>(capacity, foldedEvents, CACHED_EVENTS);
    this.settled = new Lru<string, Loaded<unknown>>(
      Math.max(1, Math.ceil(capacity / 20)),
      foldedEvents,
      CACHED_EVENTS / 20,
    );
  }

  /** Forgets every stream if a person was forgotten since the last look. */
  private dropOnForgetting(): void {
    if (!this.forgettings) return;
    const forgotten = this.forgettings();
    if (forgotten === this.forgottenSeen) return;
    this.streams.clear();
    this.settled.clear();
    this.forgottenSeen = forgotten;
  }

  /**
   * The stream folded up to its head; with `commandId`, also what that command recorded on it
   * before. Not an async function: on the hot path an extra await per load is measurable.
   */
  load<S, E extends DomainEvent>(
    stream: string,
    fold: Fold<S, E>,
    commandId?: string,
  ): Promise<Loaded<S>> {
    this.dropOnForgetting();
    // Only ever stored under this stream's name by load and remember, folded by the stream's one decider.
    const known = (this.streams.get(stream) ?? this.settled.get(stream)) as Loaded<S> | undefined;
    return loadStream(
      this.store,
      stream,
      fold,
      commandId === undefined ? {} : { commandId },
      known,
    ).then((loaded) => {
      if (loaded.revision >= 0n && !loaded.processed) this.keep(stream, loaded, fold);
      return loaded;
    });
  }

  /** What a command just appended, folded: the next command starts from here. */
  remember<S, E extends DomainEvent>(stream: string, loaded: Loaded<S>, fold: Fold<S, E>): void {
    this.keep(stream, loaded, fold);
  }

  private keep<S, E extends DomainEvent>(stream: string, loaded: Loaded<S>, fold: Fold<S, E>) {
    if (fold.settled?.(loaded.state)) {
      this.streams.delete(stream);
      this.settled.set(stream, loaded);
    } else {
      this.settled.delete(stream);
      this.streams.set(stream, loaded);
    }
  }
}
