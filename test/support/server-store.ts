import { EventIdConflict } from '../../src/store/errors.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../../src/store/port.js';

/**
 * A store that judges appends as EventStoreDB does, in memory: what the command pipeline is
 * specified against for the store that outgrows one machine, where no server runs. It offers
 * the port alone (no linked appends, no transactional appends, no event id lookup, no
 * synchronous pages), so the pipeline takes the paths it takes on EventStoreDB; an event id
 * only recognises a retry within its stream (the same id in another stream is stored again);
 * and a retry is answered without `alreadyStored`, as the server's reply cannot tell.
 *
 * Two differences are left. An id already in the stream, appended again where it is not a
 * retry, is refused (EventIdConflict) where EventStoreDB would store it a second time. And
 * under `any` or `stream_exists` a retry is recognised however deep in the stream it lies,
 * where the adapter looks among the stream's last 64 events only (eventstoredb-adapter.ts):
 * an older retry is stored again there.
 */
export class ServerStore implements EventStore {
  private readonly inner = new MemoryEventStore();

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const scoped = events.map((event) => ({ ...event, id: scopedId(streamName, event.id) }));
    try {
      const { nextExpectedRevision, position } = await this.inner.appendToStream(
        streamName,
        scoped,
        options,
      );
      return { nextExpectedRevision, position };
    } catch (error) {
      // The id as the caller gave it, not as the inner store keeps it.
      if (error instanceof EventIdConflict)
        throw new EventIdConflict(
          error.eventId.slice(streamName.length + 1),
          error.streamName,
          error.withinAppend,
        );
      throw error;
    }
  }

  async *readStream(streamName: string, options?: ReadStreamOptions) {
    for await (const event of this.inner.readStream(streamName, options)) yield unscoped(event);
  }

  async *readAll(options?: ReadAllOptions) {
    for await (const event of this.inner.readAll(options)) yield unscoped(event);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    const subscription = this.inner.subscribeToAll(options);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const event of subscription) yield unscoped(event);
      },
      close: () => subscription.close(),
    };
  }

  headPosition(): Promise<bigint | undefined> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The id the inner store keeps: unique per stream, so ids repeat across streams as on the server. */
const scopedId = (streamName: string, id: string) => `${streamName}\n${id}`;

const unscoped = (event: RecordedEvent): RecordedEvent => ({
  ...event,
  id: event.id.slice(event.streamName.length + 1),
});
