import type {
  AppendOptions,
  EventStore,
  EventToAppend,
  LinkedAppends,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
  SynchronousReads,
} from '../store/port.js';
import { Revealer, sealEvent } from './event-privacy.js';
import type { KeyStore } from './key-store.js';
import { sealedValuesOf } from './value-cache.js';

/** A store that keeps personal data sealed: its key store is at hand for export and forgetting. */
export interface PrivateStore {
  readonly keys: KeyStore;
  /** The store as it holds the events: personal values sealed (exports, migrations, audits). */
  readonly sealed: EventStore;
}

export function isPrivateStore<S extends object>(store: S): store is S & PrivateStore {
  return typeof (store as Partial<PrivateStore>).keys === 'object';
}

/** How many persons the store's keys have forgotten, for caches of opened values (undefined: nothing is sealed). */
export function forgettingsOf(store: EventStore): (() => number) | undefined {
  return isPrivateStore(store) ? () => store.keys.forgettings() : undefined;
}

function sealAll(
  streamName: string,
  events: readonly EventToAppend[],
  keys: KeyStore,
): EventToAppend[] {
  return events.map((event) => {
    const sealed = sealEvent(
      { streamName, type: event.type, data: event.data, metadata: event.metadata },
      keys,
    );
    return sealed.data === event.data && sealed.metadata === event.metadata
      ? event
      : { ...event, data: sealed.data, metadata: sealed.metadata };
  });
}

function revealOne(event: RecordedEvent, revealer: Revealer): RecordedEvent {
  const data = revealer.reveal(event.data);
  const metadata = revealer.reveal(event.metadata);
  return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
}

/**
 * Once a PersonForgotten is stored, by whichever path, the person's key is destroyed (and a
 * tombstone kept even for a subject never seen: nothing will be stored about them again).
 */
function destroyForgotten(events: readonly EventToAppend[], keys: KeyStore): void {
  for (const event of events) {
    if (event.type !== 'PersonForgotten') continue;
    const { person, at } = event.data as { person: string; at: string };
    sealedValuesOf(keys).forget(person);
    if (keys.destroy(person, new Date(at)) !== 'unknown') continue;
    keys.keyFor(person);
    keys.destroy(person, new Date(at));
  }
}

async function* revealEach(
  events: AsyncIterable<RecordedEvent>,
  keys: KeyStore,
  perRead: boolean,
): AsyncGenerator<RecordedEvent> {
  // A read looks each key up once; a subscription lives on, so it looks again per event and
  // sees a person forgotten meanwhile as erased.
  const shared = new Revealer(keys);
  for await (const event of events) yield revealOne(event, perRead ? shared : new Revealer(keys));
}

/**
 * Wraps any event store (memory, SQLite, EventStoreDB) so that personal values are sealed
 * on the way in, under their data subject's key, and opened on the way out; a value whose
 * key was destroyed reads as ERASED. Everything above the port sees clear values and
 * decides with them; the store (and its tamper-evidence chain) only ever sees ciphertext.
 * The wrapped store keeps every capability it has (linked appends, synchronous reads,
 * seals for audits): the wrapper is a proxy that intercepts only the reads and appends.
 */
export function privateEventStore<S extends EventStore>(
  inner: S,
  keys: KeyStore,
): S & PrivateStore {
  const linked = inner as Partial<LinkedAppends>;
  const pages = inner as Partial<SynchronousReads>;
  const overrides: Record<PropertyKey, unknown> = {
    keys,
    sealed: inner,
    appendToStream: async (
      streamName: string,
      events: readonly EventToAppend[],
      options: AppendOptions,
    ) => {
      const result = await inner.appendToStream(
        streamName,
        sealAll(streamName, events, keys),
        options,
      );
      destroyForgotten(events, keys);
      return result;
    },
    readStream: (streamName: string, options?: ReadStreamOptions) =>
      revealEach(inner.readStream(streamName, options), keys, true),
    readAll: (options?: ReadAllOptions) => revealEach(inner.readAll(options), keys, true),
    subscribeToAll: (options?: SubscribeToAllOptions): Subscription => {
      const subscription = inner.subscribeToAll(options);
      return {
        close: () => subscription.close(),
        [Symbol.asyncIterator]: () => revealEach(subscription, keys, false)[Symbol.asyncIterator](),
      };
    },
  };
  if (linked.appendLinked) {
    const appendLinked = linked.appendLinked.bind(inner);
    overrides.appendLinked = (
      first: readonly StreamAppend[],
      then: Parameters<LinkedAppends['appendLinked']>[1],
    ) =>
      appendLinked(
        first.map((part) => ({ ...part, events: sealAll(part.streamName, part.events, keys) })),
        (results) => {
          const last = then(results);
          return { ...last, events: sealAll(last.streamName, last.events, keys) };
        },
      );
  }
  if (pages.readPageAfter && pages.readStreamPage) {
    const readPageAfter = pages.readPageAfter.bind(inner);
    const readStreamPage = pages.readStreamPage.bind(inner);
    overrides.readPageAfter = (
      after: bigint | undefined,
      maxCount: number,
      types?: ReadonlySet<string>,
    ) => {
      const revealer = new Revealer(keys);
      return readPageAfter(after, maxCount, types).map((event) => revealOne(event, revealer));
    };
    overrides.readStreamPage = (streamName: string, fromRevision: bigint, maxCount: number) => {
      const revealer = new Revealer(keys);
      return readStreamPage(streamName, fromRevision, maxCount).map((event) =>
        revealOne(event, revealer),
      );
    };
  }
  return new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  }) as S & PrivateStore;
}
