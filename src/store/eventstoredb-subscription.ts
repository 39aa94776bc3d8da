import {
  START,
  eventTypeFilter,
  excludeSystemEvents,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import {
  eventTypesRegex,
  fromAllResolvedEvent,
  isRetryableSubscriptionError,
  resubscribeDelay,
  unpackPosition,
} from './eventstoredb-mapping.js';
import type { RecordedEvent, SubscribeToAllOptions, Subscription } from './port.js';
import type { ResubscribeOptions } from './eventstoredb.js';

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
export function resilientSubscription(
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
