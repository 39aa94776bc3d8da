import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  eventTypeFilter,
  excludeSystemEvents,
  type AllStreamSubscription,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedRevision } from './errors.js';
import { expectationHolds } from './expectation.js';
import {
  allRecordPosition,
  eventTypesRegex,
  fromAllResolvedEvent,
  fromAppendError,
  fromResolvedEvent,
  isRetryableSubscriptionError,
  packPosition,
  resubscribeDelay,
  toEsdbExpectedRevision,
  toEventData,
  unpackPosition,
} from './eventstoredb-mapping.js';
import {
  NO_STREAM_REVISION,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from './port.js';
import type { EventStoreDbEventStoreOptions, ResubscribeOptions } from './eventstoredb.js';

/**
 * The event store port on EventStoreDB (22.6 or later), on a loaded client: the module
 * behind `EventStoreDbEventStore` (eventstoredb.ts), which imports it, and with it the
 * client and gRPC, only when a store is first used. The port mirrors EventStoreDB, so
 * most of this is translation (see eventstoredb-mapping.ts); what is added:
 * - exact append positions (read back: the server's reply is not the last event's $all position),
 * - empty appends answered without a write,
 * - subscriptions that resubscribe after a dropped connection without gap or duplicate.
 *
 * The store owns its client: close() disposes it.
 */
export class EventStoreDbAdapter implements EventStore {
  private readonly pageSize: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions = {},
  ) {
    this.pageSize = Math.max(2, options.pageSize ?? 512);
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length === 0) return this.appendNothing(streamName, expectedRevision);
    const data = events.map(toEventData); // throws on non-JSON before anything is sent
    let nextExpectedRevision: bigint;
    let serverPosition: bigint | undefined;
    try {
      const result = await this.client.appendToStream(streamName, data, {
        expectedRevision: toEsdbExpectedRevision(expectedRevision),
      });
      nextExpectedRevision = result.nextExpectedRevision;
      serverPosition = result.position && packPosition(result.position);
    } catch (error) {
      throw fromAppendError(error, streamName, expectedRevision);
    }
    // The port promises the $all position of the last event appended. The server's reply is
    // not that: it fills both halves with its commit position (its own source calls this
    // "not technically correct"), and what it reports for an idempotent retry is not
    // documented. So read the event at the returned revision back: that revision is ours
    // for good, so the read is exact even while others append to the stream. One extra
    // round trip per append buys a position that compares correctly with every one read.
    const last = await this.eventAt(streamName, nextExpectedRevision);
    const position = last?.position ?? serverPosition;
    if (position === undefined) {
      throw new Error(
        `Appended to "${streamName}" but EventStoreDB reported no position for revision ${nextExpectedRevision}`,
      );
    }
    return { nextExpectedRevision, position };
  }

  async *readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let from: ReadRevision = options.fromRevision ?? (backwards ? END : START);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = await this.streamPage(streamName, from, backwards, limit);
      for (const resolved of page) {
        const event = fromResolvedEvent(resolved);
        if (event) yield event;
      }
      const lastRevision = page.at(-1)?.event?.revision;
      if (page.length < limit || lastRevision === undefined) return;
      remaining -= page.length;
      if (backwards && lastRevision === 0n) return;
      from = backwards ? lastRevision - 1n : lastRevision + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let from: ReadPosition =
      options.fromPosition === undefined ? START : unpackPosition(options.fromPosition);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    // A page starts at the last record of the one before (reads of $all are inclusive).
    let seen: bigint | undefined;
    while (remaining > 0) {
      const page = await collect(
        this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: this.pageSize }),
      );
      for (const resolved of page) {
        const position = allRecordPosition(resolved);
        if (position === undefined || (seen !== undefined && position <= seen)) continue;
        seen = position;
        const event = fromAllResolvedEvent(resolved);
        if (!event) continue;
        yield event;
        if (--remaining === 0) return;
      }
      if (page.length < this.pageSize || seen === undefined) return;
      from = unpackPosition(seen);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    if (this.closed) throw new Error('The EventStoreDB store is closed');
    const subscription = resilientSubscription(this.client, { ...this.options, ...options }, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | undefined> {
    // Backwards from the end, past the server's own events, to the last one of ours.
    let from: ReadPosition = END;
    let below: bigint | undefined;
    for (;;) {
      const page = await collect(
        this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: this.pageSize }),
      );
      for (const resolved of page) {
        const position = allRecordPosition(resolved);
        if (position === undefined || (below !== undefined && position >= below)) continue;
        below = position;
        if (fromAllResolvedEvent(resolved)) return position;
      }
      if (page.length < this.pageSize || below === undefined) return undefined;
      from = unpackPosition(below);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Subscriptions first: once the client is gone they would only fail and resubscribe.
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.client.dispose();
  }

  /**
   * An append of no events writes nothing, so there is nothing to ask the server: check the
   * expectation against the stream's last revision, as the other stores do.
   */
  private async appendNothing(
    streamName: string,
    expected: AppendOptions['expectedRevision'],
  ): Promise<AppendResult> {
    const [last] = await this.streamPage(streamName, END, true, 1);
    const actual = last?.event?.revision ?? NO_STREAM_REVISION;
    if (!expectationHolds(expected, actual))
      throw new WrongExpectedRevision(streamName, expected, actual);
    return { nextExpectedRevision: actual, position: (await this.headPosition()) ?? 0n };
  }

  private async eventAt(streamName: string, revision: bigint): Promise<RecordedEvent | undefined> {
    const [resolved] = await this.streamPage(streamName, revision, false, 1);
    return resolved && fromResolvedEvent(resolved);
  }

  private async streamPage(
    streamName: string,
    from: ReadRevision,
    backwards: boolean,
    maxCount: number,
  ): Promise<ResolvedEvent[]> {
    try {
      return await collect(
        this.client.readStream(streamName, {
          fromRevision: from,
          direction: backwards ? BACKWARDS : FORWARDS,
          maxCount,
        }),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

/** A client for a connection string the client library reads (esdb:// or esdb+discover://). */
export function clientFor(connectionString: string): EventStoreDBClient {
  return EventStoreDBClient.connectionString(connectionString);
}

/** A whole page in memory, so no read call stays open while our caller thinks. */
async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}

/**
 * A catch-up subscription to $all that outlives its connection. The client does not
 * resubscribe by itself: when a subscription fails or ends (server restart, leader
 * election, network), this one subscribes again after the last event it delivered, which
 * is exclusive in EventStoreDB, and also drops anything at or before that position, so a
 * replay can neither repeat an event nor skip one.
 *
 * Filter checkpoints are deliberately not used to move the resume point: a checkpoint can
 * arrive while earlier events still wait in the stream's buffer, and resuming from it
 * would lose them.
 */
function resilientSubscription(
  client: EventStoreDBClient,
  options: SubscribeToAllOptions & ResubscribeOptions,
  onClosed: () => void,
): Subscription {
  const abort = new AbortController();
  // Read afresh: it changes across yield and await, which narrowing does not follow.
  const aborted = (): boolean => abort.signal.aborted;
  const types = options.eventTypes ? new Set(options.eventTypes) : undefined;
  // Filtered on the server so a quiet type does not mean streaming all of $all to us;
  // filtered again here (cheaply) so correctness never rests on the server's regex dialect.
  const filter = options.eventTypes
    ? eventTypeFilter({ regex: eventTypesRegex(options.eventTypes) })
    : excludeSystemEvents();
  const initialDelayMs = options.resubscribeDelayMs ?? 100;
  const maxDelayMs = options.maxResubscribeDelayMs ?? 5000;
  let current: AllStreamSubscription | undefined;

  async function* events(): AsyncGenerator<RecordedEvent> {
    let last = options.afterPosition;
    let attempt = 0;
    while (!abort.signal.aborted) {
      const subscription = client.subscribeToAll({
        fromPosition: last === undefined ? START : unpackPosition(last),
        filter,
      });
      current = subscription;
      // Errors reach the loop below through iteration; this listener only keeps one that
      // arrives after we stopped iterating from being an unhandled 'error' event.
      subscription.on('error', () => {
        // Nothing to do: the error is seen by the iteration, or by no one once it stopped.
      });
      subscription.once('confirmation', () => {
        attempt = 0;
      });
      let failure: unknown = new Error('EventStoreDB ended the subscription');
      try {
        for await (const resolved of subscription) {
          attempt = 0;
          const event = fromAllResolvedEvent(resolved);
          if (!event || (last !== undefined && event.position <= last)) continue;
          last = event.position;
          if (types && !types.has(event.type)) continue;
          yield event;
        }
      } catch (error) {
        failure = error;
      } finally {
        current = undefined;
        await stop(subscription);
      }
      if (aborted()) return;
      if (!isRetryableSubscriptionError(failure)) throw failure;
      const delayMs = resubscribeDelay(attempt, initialDelayMs, maxDelayMs);
      attempt++;
      options.onResubscribe?.(failure, attempt, delayMs);
      await sleep(delayMs, abort.signal);
    }
  }

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      abort.abort();
      // Ends a read that is waiting for the next live event, so the generator can finish.
      if (current) await stop(current);
      await iterator.return(undefined);
      onClosed();
    },
  };
}

async function stop(subscription: AllStreamSubscription): Promise<void> {
  try {
    await subscription.unsubscribe();
  } catch {
    // A subscription that never connected has nothing to cancel.
  }
  subscription.destroy();
}

function sleep(ms: number, abort: AbortSignal): Promise<void> {
  if (abort.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    abort.addEventListener('abort', done, { once: true });
  });
}
