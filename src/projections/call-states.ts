import { isOpenStatus, type Call } from '../domain/index.js';
import { CACHED_EVENTS, foldedEvents, Lru } from '../streams/lru.js';

export interface CachedCall {
  readonly revision: bigint;
  readonly state: Call;
}

const isOpen = (call: Call): boolean => isOpenStatus(call.status);

/**
 * Folded states. The calls prefetched together (a slice of a batch) are held until the
 * next prefetch (so a prefetched state is never evicted before it is used); then
 * they join an LRU, open calls kept longest. A finished call seldom gets another event
 * (its archiving, a reopening) and a miss only costs a read of its stream, while keeping
 * thousands of them would hold megabytes and, as they aged out, leave old-generation
 * garbage behind: a rebuild's memory would grow with the number of calls.
 */
export class CallStates {
  private batch = new Map<string, CachedCall>();
  private readonly open: Lru<string, CachedCall>;
  private readonly finished: Lru<string, CachedCall>;

  constructor(private readonly capacity: number) {
    this.open = new Lru<string, CachedCall>(capacity, foldedEvents, CACHED_EVENTS);
    this.finished = new Lru<string, CachedCall>(
      Math.max(1, Math.ceil(capacity / 20)),
      foldedEvents,
      CACHED_EVENTS / 20,
    );
  }

  beginBatch(): void {
    for (const [callId, cached] of this.batch) {
      if (isOpen(cached.state)) {
        this.finished.delete(callId);
        this.open.set(callId, cached);
      } else {
        this.open.delete(callId);
        this.finished.set(callId, cached);
      }
    }
    this.batch = new Map();
  }

  get(callId: string): CachedCall | undefined {
    return this.batch.get(callId) ?? this.open.get(callId) ?? this.finished.get(callId);
  }

  set(callId: string, cached: CachedCall): void {
    this.batch.set(callId, cached);
    // Batches begin at prefetch; folded without one, the batch must not grow for ever.
    if (this.batch.size > this.capacity) this.beginBatch();
  }
}
