import type { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStoreDbAdapter } from './eventstoredb-adapter.js';
import { clientConnectionString } from './eventstoredb-connection.js';
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
} from './port.js';
import type { ChainOrigin, SealedRow } from './seal.js';

export { InvalidConnectionString, connectionSchemes } from './eventstoredb-connection.js';

export interface ResubscribeOptions {
  /** Wait before the first resubscription after a drop; doubled per failed attempt. Default 100. */
  readonly resubscribeDelayMs?: number;
  /** Ceiling of that wait: a server that is down for long is retried at this pace. Default 5000. */
  readonly maxResubscribeDelayMs?: number;
  /** Told of every drop that is about to be retried: where an application logs it. */
  readonly onResubscribe?: (error: unknown, attempt: number, delayMs: number) => void;
}

export interface EventStoreDbEventStoreOptions extends ResubscribeOptions {
  /** Events per read request; every read pages, so a consumer that stops early leaves no call open. */
  readonly pageSize?: number;
}

/**
 * The event store port on EventStoreDB / KurrentDB (22.6 or later); the work is done by
 * eventstoredb-adapter.ts. The EventStoreDB client and gRPC take about 0.3 s of CPU to
 * load, so this class loads them (a dynamic import) only when the store is first used:
 * exporting it costs a SQLite user nothing.
 *
 * It takes a connection string (esdb://, esdb+discover://, kurrentdb:// or
 * kurrentdb+discover://; a wrong scheme throws InvalidConnectionString at once, the rest
 * is parsed on first use) or a client you have built. Either way the store owns the
 * client: close() disposes it.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly connection: string | EventStoreDBClient;
  private adapter?: Promise<EventStoreDbAdapter>;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    connection: string | EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions = {},
  ) {
    this.connection =
      typeof connection === 'string' ? clientConnectionString(connection) : connection;
  }

  /** The client (loading the client library if this store has not been used yet). */
  async client(): Promise<EventStoreDBClient> {
    return (await this.connect()).client;
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return (await this.connect()).appendToStream(streamName, events, options);
  }

  async *readStream(
    streamName: string,
    options?: ReadStreamOptions,
  ): AsyncGenerator<RecordedEvent> {
    yield* (await this.connect()).readStream(streamName, options);
  }

  async *readAll(options?: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    yield* (await this.connect()).readAll(options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    if (this.closed) throw new Error('The EventStoreDB store is closed');
    const subscription = lazySubscription(
      async () => (await this.connect()).subscribeToAll(options),
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | undefined> {
    return (await this.connect()).headPosition();
  }

  /** Every stored event of a stream with its seal (see eventstoredb-seal.ts), for the stream check. */
  async readSealedStream(streamName: string): Promise<readonly SealedRow[]> {
    return (await this.connect()).readSealedStream(streamName);
  }

  /** `$all` with the seals, for the periodic seals and `verify` (see audit/history-seals.ts). */
  async *readSealedAll(after?: bigint): AsyncGenerator<SealedRow> {
    yield* (await this.connect()).readSealedAll(after);
  }

  async chainOrigin(): Promise<ChainOrigin | undefined> {
    return (await this.connect()).chainOrigin();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    const adapter = await this.adapter?.catch(() => undefined);
    if (adapter) await adapter.close();
    // A client handed in but never used is still ours to dispose.
    else if (typeof this.connection !== 'string') await this.connection.dispose();
  }

  private connect(): Promise<EventStoreDbAdapter> {
    if (this.closed && !this.adapter)
      return Promise.reject(new Error('The EventStoreDB store is closed'));
    this.adapter ??= import('./eventstoredb-adapter.js').then(
      ({ EventStoreDbAdapter, clientFor }) =>
        new EventStoreDbAdapter(
          typeof this.connection === 'string' ? clientFor(this.connection) : this.connection,
          this.options,
        ),
    );
    return this.adapter;
  }
}

/**
 * A subscription whose adapter is opened when it is first iterated. Closing it before then
 * opens nothing; closing it meanwhile closes what was opened.
 */
function lazySubscription(open: () => Promise<Subscription>, onClosed: () => void): Subscription {
  let inner: Promise<Subscription> | undefined;
  let closed = false;
  // Read afresh after the await: close() may have run meanwhile, which narrowing does not follow.
  const isClosed = (): boolean => closed;
  async function* events(): AsyncGenerator<RecordedEvent> {
    if (closed) return;
    inner = open();
    const subscription = await inner;
    if (isClosed()) return;
    yield* subscription;
  }
  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      if (closed) return;
      closed = true;
      if (inner)
        await inner.then(
          (subscription) => subscription.close(),
          () => undefined,
        );
      await iterator.return(undefined);
      onClosed();
    },
  };
}
