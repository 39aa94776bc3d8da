import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedRevision } from './errors.js';
import { checkedAppend, expectationHolds } from './expectation.js';
import {
  allRecordPosition,
  fromAllResolvedEvent,
  fromAppendError,
  fromResolvedEvent,
  packPosition,
  unpackPosition,
} from './eventstoredb-mapping.js';
import {
  checkSealable,
  planSealedAppend,
  sealedEventData,
  sealedRowOf,
  storedStreamHash,
  type StreamTailEvent,
} from './eventstoredb-seal.js';
import { readSealedAll } from './eventstoredb-sealed-all.js';
import { resilientSubscription } from './eventstoredb-subscription.js';
import type { ChainOrigin, SealedRow } from './seal.js';
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
import type { EventStoreDbEventStoreOptions } from './eventstoredb.js';

/**
 * The event store port on EventStoreDB (22.6 or later), on a loaded client: the module
 * behind `EventStoreDbEventStore` (eventstoredb.ts), which imports it, and with it the
 * client and gRPC, only when a store is first used. The port mirrors EventStoreDB, so
 * most of this is translation (see eventstoredb-mapping.ts); what is added:
 * - the seal: each event's stream hash in its metadata, chained at the exact revision read
 *   just before the append (see eventstoredb-seal.ts and docs/audit.md),
 * - exact append positions (read back: the server's reply is not the last event's $all position),
 * - empty appends answered without a write,
 * - an append that gives one event id to two of its events refused before it is sent (the
 *   server would store both), and an expected revision the port does not know refused (a
 *   number taken as its bigint), as on every store (expectation.ts),
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
    options: AppendOptions,
  ): Promise<AppendResult> {
    // The server would store two events under one id given in one append: refused here.
    const { expectedRevision } = checkedAppend(
      { streamName, events, expectedRevision: options.expectedRevision },
      (id) => id.toLowerCase(),
    );
    if (events.length === 0) return this.appendNothing(streamName, expectedRevision);
    events.forEach(checkSealable); // refuses what cannot be stored before contacting the server
    const exact = typeof expectedRevision === 'bigint' || expectedRevision === 'no_stream';
    // Sealed at the exact revision read just before: under `any` another append may win
    // that revision meanwhile, and the append is then planned again on the new tail.
    for (let attempt = 1; ; attempt++) {
      let tail: StreamTailEvent[] = [];
      let atExpected: StreamTailEvent | undefined;
      if (typeof expectedRevision === 'bigint' && expectedRevision >= 0n) {
        // The event the first one chains from; the tail only to name the actual revision.
        atExpected = await this.tailEventAt(streamName, expectedRevision);
        if (!atExpected) tail = await this.streamTail(streamName);
      } else if (!exact) tail = await this.streamTail(streamName);
      const plan = planSealedAppend(streamName, expectedRevision, events, tail, atExpected);
      if (plan.kind === 'retry')
        return { nextExpectedRevision: plan.nextExpectedRevision, position: plan.position };
      try {
        return await this.appendSealed(streamName, events, plan.after, plan.previous);
      } catch (error) {
        const raced = !exact && error instanceof WrongExpectedVersionError && attempt < 100;
        if (!raced) throw fromAppendError(error, streamName, expectedRevision);
      }
    }
  }

  /** The append itself, at an exact revision (-1: a new stream), its events sealed from `previous`. */
  private async appendSealed(
    streamName: string,
    events: readonly EventToAppend[],
    after: bigint,
    previous: Buffer,
  ): Promise<AppendResult> {
    const data = sealedEventData(streamName, after + 1n, previous, events); // throws on non-JSON before anything is sent
    const result = await this.client.appendToStream(streamName, data, {
      expectedRevision: after < 0n ? NO_STREAM : after,
    });
    const nextExpectedRevision = result.nextExpectedRevision;
    const serverPosition = result.position && packPosition(result.position);
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

  /** A stream's last events, newest first, with their seals: what an append chains from, or recognises as its retry. */
  private async streamTail(streamName: string): Promise<StreamTailEvent[]> {
    const page = await this.streamPage(streamName, END, true, TAIL);
    return page.flatMap((resolved) => (resolved.event ? [tailEvent(resolved.event)] : []));
  }

  private async tailEventAt(
    streamName: string,
    revision: bigint,
  ): Promise<StreamTailEvent | undefined> {
    const [resolved] = await this.streamPage(streamName, revision, false, 1);
    return resolved?.event && tailEvent(resolved.event);
  }

  /** Every stored event of a stream with its seal, in stream order, for the stream check (audit/verify-stream.ts). */
  async readSealedStream(streamName: string): Promise<readonly SealedRow[]> {
    const rows: SealedRow[] = [];
    let from: ReadRevision = START;
    for (;;) {
      const page = await this.streamPage(streamName, from, false, this.pageSize);
      for (const { event } of page)
        if (event)
          rows.push(sealedRowOf(event, event.position ? packPosition(event.position) : 0n));
      const last = page.at(-1)?.event?.revision;
      if (page.length < this.pageSize || last === undefined) return rows;
      from = last + 1n;
    }
  }

  /** `$all` with the seals, for the periodic seals and `verify` (see eventstoredb-sealed-all.ts). */
  readSealedAll(after?: bigint): AsyncGenerator<SealedRow> {
    return readSealedAll(this.client, this.pageSize, after);
  }

  /** EventStoreDB holds no history from before sealing that a migration sealed: a stream's unsealed events are reported as such. */
  async chainOrigin(): Promise<ChainOrigin | undefined> {
    return undefined;
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

/** How many of a stream's last events an append reads: its seal's link, and a retry under `any` among them. */
const TAIL = 64;

function tailEvent(event: EsdbRecordedEvent): StreamTailEvent {
  return {
    id: event.id,
    revision: event.revision,
    position: event.position ? packPosition(event.position) : 0n,
    hash: storedStreamHash(event.metadata),
  };
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
