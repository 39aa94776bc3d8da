import { AppendSignal, catchUpSubscription } from './catch-up.js';
import { EventIdConflict, WrongExpectedRevision } from './errors.js';
import { checkedAppend, expectationHolds, retryMatches } from './expectation.js';
import { cloneJson, jsonCopy } from './json-copy.js';
import {
  NO_STREAM_REVISION,
  type AppendOptions,
  type AppendResult,
  type EventIdLookup,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  type JsonValue,
  type LinkedAppends,
  type StreamAppend,
  type SynchronousReads,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from './port.js';
import {
  GENESIS,
  chainHash,
  streamHash,
  type AuditableStore,
  type ChainOrigin,
  type SealHead,
  type SealedRow,
} from './seal.js';

/** What the memory store keeps: private copies of the JSON values, so reads behave like a real store. */
interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly recordedAt: number;
}

/** An event's seal (see seal.ts), over the JSON text of its stored copies. */
interface Seal {
  readonly hash: Buffer;
  readonly chain: Buffer;
}

export interface MemoryEventStoreOptions {
  /** Source of recorded times; the store's own bookkeeping, not domain time. */
  readonly now?: () => number;
}

/**
 * An in-process event store for tests and short-lived embedding. Events are kept as
 * private copies with JSON's semantics (see json-copy.ts) and copied again on every read,
 * exactly as a persistent store returns them, so code that passes here does not depend on
 * object identity or on values JSON cannot carry, and no caller can change a stored event.
 */
export class MemoryEventStore
  implements EventStore, LinkedAppends, SynchronousReads, AuditableStore, EventIdLookup
{
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly signal = new AppendSignal();
  private readonly now: () => number;
  /**
   * Seals, computed in position order on the first audit read rather than on append: the
   * stored copies are private and never change, so the result is the same, and appends (the
   * tests' and the benchmark's hot path) do not pay for hashes nobody can tamper with here.
   */
  private readonly seals: Seal[] = [];
  private readonly streamSeals = new Map<string, Buffer>();

  constructor(options: MemoryEventStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> {
    const result = this.append({ streamName, events, expectedRevision });
    this.signal.notify();
    return result;
  }

  async appendLinked(
    first: readonly StreamAppend[],
    then: (first: readonly AppendResult[]) => StreamAppend,
  ): Promise<[AppendResult[], AppendResult]> {
    const before = this.all.length;
    try {
      const results = first.map((part) => this.append(part));
      const last = this.append(then(results));
      this.signal.notify();
      return [results, last];
    } catch (error) {
      // Nothing else ran in between (all of it is synchronous): undo what the parts wrote.
      for (const stored of this.all.splice(before)) {
        this.byId.delete(stored.id);
        const stream = this.streams.get(stored.streamName)!;
        stream.pop();
        if (stream.length === 0) this.streams.delete(stored.streamName);
      }
      throw error;
    }
  }

  private append(given: StreamAppend): AppendResult {
    const { streamName, events, expectedRevision } = checkedAppend(given);
    const stream = this.streams.get(streamName);
    const actual = stream ? BigInt(stream.length - 1) : NO_STREAM_REVISION;
    const retry = this.findRetry(streamName, events, expectedRevision);
    if (retry) return retry;
    if (!expectationHolds(expectedRevision, actual)) {
      throw new WrongExpectedRevision(streamName, expectedRevision, actual);
    }
    if (events.length === 0) {
      return { nextExpectedRevision: actual, position: this.lastPosition() };
    }
    for (const event of events) {
      if (this.byId.has(event.id)) throw new EventIdConflict(event.id, streamName);
    }
    // Copy everything before storing anything, so a bad value writes nothing.
    const serialised = events.map((event) => ({
      event,
      data: jsonCopy(event.data),
      metadata: jsonCopy(event.metadata) as JsonObject,
    }));
    const target = stream ?? [];
    const recordedAt = this.now();
    for (const { event, data, metadata } of serialised) {
      const revision = BigInt(target.length);
      const position = BigInt(this.all.length + 1);
      const stored: StoredEvent = {
        id: event.id,
        type: event.type,
        streamName,
        revision,
        position,
        data,
        metadata,
        recordedAt,
      };
      target.push(stored);
      this.all.push(stored);
      this.byId.set(stored.id, stored);
    }
    if (!stream) this.streams.set(streamName, target);
    return { nextExpectedRevision: BigInt(target.length - 1), position: this.lastPosition() };
  }

  async *readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    const stream = this.streams.get(streamName);
    if (!stream || stream.length === 0) return;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    let count = 0;
    if (options.direction === 'backwards') {
      const start =
        options.fromRevision === undefined
          ? stream.length - 1
          : Math.min(Number(options.fromRevision), stream.length - 1);
      for (let i = start; i >= 0 && count < maxCount; i--, count++) yield recorded(stream[i]!);
    } else {
      const start = options.fromRevision === undefined ? 0 : Number(options.fromRevision);
      for (let i = start; i < stream.length && count < maxCount; i++, count++)
        yield recorded(stream[i]!);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const start =
      options.fromPosition === undefined ? 0 : Math.max(0, Number(options.fromPosition) - 1);
    let count = 0;
    for (let i = start; i < this.all.length && count < maxCount; i++, count++)
      yield recorded(this.all[i]!);
  }

  readonly pageSize = 1000;

  readStreamPage(streamName: string, fromRevision: bigint, maxCount: number): RecordedEvent[] {
    const stream = this.streams.get(streamName) ?? [];
    return stream.slice(Number(fromRevision), Number(fromRevision) + maxCount).map(recorded);
  }

  /** A page of events after `after` (exclusive) in global order: replays without a promise per event. */
  readPageAfter(
    after: bigint | undefined,
    maxCount: number,
    types?: ReadonlySet<string>,
  ): RecordedEvent[] {
    const start = after === undefined ? 0 : Number(after);
    if (types === undefined) return this.all.slice(start, start + maxCount).map(recorded);
    const page: RecordedEvent[] = [];
    for (let i = start; i < this.all.length && page.length < maxCount; i++)
      if (types.has(this.all[i]!.type)) page.push(recorded(this.all[i]!));
    return page;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    return catchUpSubscription(
      (after, maxCount) => this.readPageAfter(after, maxCount),
      this.signal,
      options,
    );
  }

  /** How many events the store holds. */
  countEvents(): number {
    return this.all.length;
  }

  async streamOfEvent(eventId: string): Promise<string | undefined> {
    return this.byId.get(eventId)?.streamName;
  }

  async headPosition(): Promise<bigint | undefined> {
    return this.all.length === 0 ? undefined : BigInt(this.all.length);
  }

  async close(): Promise<void> {
    this.signal.notify();
  }

  async sealHead(): Promise<SealHead | undefined> {
    this.sealAll();
    const last = this.all.at(-1);
    return last && { position: last.position, chain: this.seals[this.seals.length - 1]!.chain };
  }

  async chainOrigin(): Promise<ChainOrigin | undefined> {
    return undefined; // a memory store is sealed from its first event
  }

  async readSealedAfter(
    after: bigint | undefined,
    maxCount: number,
  ): Promise<readonly SealedRow[]> {
    this.sealAll();
    const start = after === undefined ? 0 : Number(after);
    return this.all.slice(start, start + maxCount).map((stored) => this.sealed(stored));
  }

  async readSealedStream(streamName: string): Promise<readonly SealedRow[]> {
    this.sealAll();
    return (this.streams.get(streamName) ?? []).map((stored) => this.sealed(stored));
  }

  private sealAll(): void {
    let chain = this.seals.at(-1)?.chain ?? GENESIS;
    for (let i = this.seals.length; i < this.all.length; i++) {
      const stored = this.all[i]!;
      const { data, metadata } = text(stored);
      const hash = streamHash(this.streamSeals.get(stored.streamName) ?? GENESIS, {
        ...stored,
        data,
        metadata,
      });
      chain = chainHash(chain, stored.position, hash);
      this.seals.push({ hash, chain });
      this.streamSeals.set(stored.streamName, hash);
    }
  }

  private sealed(stored: StoredEvent): SealedRow {
    const { id, type, streamName, revision, position } = stored;
    const { hash, chain } = this.seals[Number(position) - 1]!;
    return {
      id,
      type,
      streamName,
      revision,
      position,
      ...text(stored),
      hash: hash.toString('hex'),
      chain: chain.toString('hex'),
    };
  }

  private lastPosition(): bigint {
    return BigInt(this.all.length);
  }

  /**
   * The original result when this append was already stored: its first event in this stream
   * at a revision the expectation could have produced, followed by the rest in order.
   * Anything else is left to the checks that follow, in the same order as every adapter.
   */
  private findRetry(
    streamName: string,
    events: readonly EventToAppend[],
    expected: AppendOptions['expectedRevision'],
  ): AppendResult | undefined {
    const first = events[0] && this.byId.get(events[0].id);
    if (first?.streamName !== streamName || !retryMatches(expected, first.revision))
      return undefined;
    const stream = this.streams.get(streamName)!;
    if (!events.every((event, i) => stream[Number(first.revision) + i]?.id === event.id))
      return undefined;
    const last = stream[Number(first.revision) + events.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position, alreadyStored: true };
  }
}

function text(stored: StoredEvent): { data: string; metadata: string } {
  return { data: JSON.stringify(stored.data), metadata: JSON.stringify(stored.metadata) };
}

function recorded(stored: StoredEvent): RecordedEvent {
  return {
    id: stored.id,
    type: stored.type,
    streamName: stored.streamName,
    revision: stored.revision,
    position: stored.position,
    data: cloneJson(stored.data),
    metadata: cloneJson(stored.metadata) as JsonObject,
    recordedAt: new Date(stored.recordedAt),
  };
}
