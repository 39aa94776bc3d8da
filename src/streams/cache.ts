import type { DomainEvent, Fold } from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { loadStream, type Loaded, type LoadOptions } from './load.js';
import { Lru } from './lru.js';

/**
 * Streams as last seen, so the next load of a stream reads only what was appended since.
 * Always a true prefix of the stream (events never change), so it cannot go stale in a way
 * that matters: the expected revision still guards every append. Each stream is folded by
 * one aggregate's decider, so the state kept for a name is of that decider's type.
 */
export class StreamCache {
  private readonly streams: Lru<string, Loaded<unknown>>;

  constructor(capacity: number) {
    this.streams = new Lru(capacity);
  }

  /** Loads a stream from where it was last seen, and keeps the result if the stream exists. */
  async load<S, E extends DomainEvent>(store: EventStore, stream: string, fold: Fold<S, E>, options: LoadOptions = {}): Promise<Loaded<S>> {
    const loaded = await loadStream(store, stream, fold, options, this.streams.get(stream) as Loaded<S> | undefined);
    if (loaded.revision >= 0n) this.streams.set(stream, loaded);
    return loaded;
  }

  /** What an append left the stream as, so the next load starts from it. */
  remember<S>(stream: string, loaded: Loaded<S>): void {
    this.streams.set(stream, loaded);
  }
}
