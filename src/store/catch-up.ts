import type { RecordedEvent, Subscription, SubscribeToAllOptions } from './port.js';

/** Reads up to `maxCount` events after `after` (exclusive) in global order. */
export type ReadPage = (
  after: bigint | undefined,
  maxCount: number,
) => RecordedEvent[] | Promise<RecordedEvent[]>;

/** Wakes a waiting subscription when the store may have new events. */
export class AppendSignal {
  private waiters: Array<() => void> = [];
  /** Counts notifications, so a reader can tell it missed one between reading and waiting. */
  generation = 0;

  notify(): void {
    this.generation++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify after `seenGeneration`, after `timeoutMs`, or when aborted. */
  wait(seenGeneration: number, timeoutMs: number, abort: AbortSignal): Promise<void> {
    if (seenGeneration !== this.generation || abort.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        abort.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      abort.addEventListener('abort', done, { once: true });
      if (Number.isFinite(timeoutMs)) timer = setTimeout(done, timeoutMs);
    });
  }
}

export interface CatchUpOptions extends SubscribeToAllOptions {
  readonly pageSize?: number;
  /** How long to wait for a notification before polling again; Infinity waits for a signal. */
  readonly pollIntervalMs?: number;
}

/**
 * A catch-up subscription over a paged reader: history first, then live events as the
 * signal announces them. Order and exactly-once delivery follow from reading strictly
 * after the last delivered position, which only works because both embedded stores make
 * positions visible in commit order (a reader never sees position n+1 before n).
 */
export function catchUpSubscription(
  readPage: ReadPage,
  signal: AppendSignal,
  options: CatchUpOptions = {},
): Subscription {
  const abort = new AbortController();
  // Read afresh: it changes across yield and await, which narrowing does not follow.
  const aborted = (): boolean => abort.signal.aborted;
  const pageSize = options.pageSize ?? 512;
  const pollIntervalMs = options.pollIntervalMs ?? Number.POSITIVE_INFINITY;
  const types = options.eventTypes ? new Set(options.eventTypes) : undefined;

  async function* events(): AsyncGenerator<RecordedEvent> {
    let after = options.afterPosition;
    while (!abort.signal.aborted) {
      const generation = signal.generation;
      const page = await readPage(after, pageSize);
      for (const event of page) {
        after = event.position;
        if (types && !types.has(event.type)) continue;
        yield event;
        if (aborted()) return;
      }
      if (page.length < pageSize) await signal.wait(generation, pollIntervalMs, abort.signal);
    }
  }

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      abort.abort();
      await iterator.return(undefined);
    },
  };
}
