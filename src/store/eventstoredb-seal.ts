/**
 * The stream chain of the seal (seal.ts) on EventStoreDB, as pure translations: nothing here
 * talks to a server. The server assigns $all positions and keeps events as it received
 * them; callstream adds to each event's metadata the hash that chains it to the one before
 * in its stream (`$streamHash`), computed by the adapter before the append is sent. What
 * that proves, and what it does not, is in docs/audit.md ("On EventStoreDB").
 *
 * The canonical bytes are seal.ts's, over the texts the client sends and reads back: the
 * data as JSON.stringify writes it, the metadata likewise without `$streamHash`, the id in
 * lowercase (as the server returns it). JSON.stringify of what JSON.parse reads back from
 * its own output is that output again, so reading gives the bytes the append hashed.
 */
import type { EventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { WrongExpectedRevision } from './errors.js';
import { STREAM_HASH, toEventData, withoutSeal } from './eventstoredb-mapping.js';

export { STREAM_HASH };
import {
  NO_STREAM_REVISION,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
} from './port.js';
import { GENESIS, streamHash, type CanonicalEvent, type SealedRow } from './seal.js';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** The canonical form of an event at a revision of a stream, metadata without its seal. */
export function canonicalEvent(
  streamName: string,
  revision: bigint,
  event: { id: string; type: string; data: unknown; metadata: JsonObject },
): CanonicalEvent {
  return {
    id: event.id.toLowerCase(),
    streamName,
    revision,
    type: event.type,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(withoutSeal(event.metadata)),
  };
}

/**
 * The events of an append as the client sends them, each with its stream hash: the first
 * at `firstRevision`, chained from `previous` (the stream hash of the event before it, or
 * GENESIS for a new stream). A caller's own `$streamHash` is refused: a seal is made here.
 */
export function sealedEventData(
  streamName: string,
  firstRevision: bigint,
  previous: Buffer,
  events: readonly EventToAppend[],
): EventData[] {
  let link = previous;
  return events.map((event, index) => {
    checkSealable(event);
    link = streamHash(link, canonicalEvent(streamName, firstRevision + BigInt(index), event));
    return toEventData({
      ...event,
      metadata: { ...event.metadata, [STREAM_HASH]: link.toString('hex') },
    });
  });
}

/**
 * Refuses an event the store cannot seal: data or metadata JSON cannot carry, or metadata
 * with its own `$streamHash` (a seal is made by the store only).
 */
export function checkSealable(event: EventToAppend): void {
  if (Object.hasOwn(event.metadata, STREAM_HASH))
    throw new TypeError(
      `The metadata of event ${event.id} (${event.type}) carries "${STREAM_HASH}": only the store seals events`,
    );
  toEventData(event);
}

/** An event's stream hash as stored (lowercase hex), or null when it carries none (or not one a seal could be). */
export function storedStreamHash(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return null;
  const hash = (metadata as Record<string, unknown>)[STREAM_HASH];
  return typeof hash === 'string' && HEX_DIGEST.test(hash) ? hash : null;
}

/**
 * A stored event with its seal, for the stream check (audit/verify-stream.ts). Positions are
 * the server's; the global chain is not kept on EventStoreDB, so `chain` is null.
 */
export function sealedRowOf(event: EsdbRecordedEvent, position: bigint): SealedRow {
  const stored: unknown = event.metadata;
  const metadata = (
    typeof stored === 'object' &&
    stored !== null &&
    !Array.isArray(stored) &&
    !(stored instanceof Uint8Array)
      ? stored
      : {}
  ) as JsonObject;
  return {
    ...canonicalEvent(event.streamId, event.revision, {
      id: event.id,
      type: event.type,
      data: event.isJson ? event.data : null,
      metadata,
    }),
    position,
    hash: storedStreamHash(metadata),
    chain: null,
  };
}

/** The last events of a stream as an append reads them before it seals: newest first. */
export interface StreamTailEvent {
  readonly id: string;
  readonly revision: bigint;
  readonly position: bigint;
  /** Its stream hash as stored, null when it carries none. */
  readonly hash: string | null;
}

/** What an append does, decided from the stream's tail as read just before. */
export type SealedAppendPlan =
  | {
      readonly kind: 'append';
      /** The exact revision sent as the expectation: the chain holds only at it. */
      readonly after: bigint;
      readonly previous: Buffer;
    }
  | { readonly kind: 'retry'; readonly nextExpectedRevision: bigint; readonly position: bigint };

/**
 * Plans an append with `expected` for a stream whose last events are `tail` (newest first;
 * empty: no stream). `any` and `stream_exists` are sent as the exact revision read, so no
 * other append can slip between the event a seal chains from and the sealed one; a retry
 * under `any` (its events already the stream's last) is recognised here, as the server
 * would (it only can for the expectation it is sent). An exact revision needs the event at
 * that revision to chain from (`atExpected`, read for it).
 */
export function planSealedAppend(
  streamName: string,
  expected: ExpectedRevision,
  events: readonly EventToAppend[],
  tail: readonly StreamTailEvent[],
  atExpected?: StreamTailEvent,
): SealedAppendPlan {
  const last = tail[0];
  const actual = last?.revision ?? NO_STREAM_REVISION;
  if (expected === 'no_stream' || expected === NO_STREAM_REVISION)
    return { kind: 'append', after: NO_STREAM_REVISION, previous: GENESIS };
  if (expected === 'any' || expected === 'stream_exists') {
    if (expected === 'stream_exists' && !last)
      throw new WrongExpectedRevision(streamName, expected, NO_STREAM_REVISION);
    const retry = retryIn(events, tail);
    if (retry) return retry;
    return { kind: 'append', after: actual, previous: linkOf(last) };
  }
  if (!atExpected) throw new WrongExpectedRevision(streamName, expected, actual);
  return { kind: 'append', after: expected, previous: linkOf(atExpected) };
}

/** What the next event chains from: GENESIS for a new stream, and after an event written before sealing (as on SQLite). */
function linkOf(event: StreamTailEvent | undefined): Buffer {
  return event?.hash ? Buffer.from(event.hash, 'hex') : GENESIS;
}

/** The append's events already the last of the stream, in order: a retry, done. */
function retryIn(
  events: readonly EventToAppend[],
  tail: readonly StreamTailEvent[],
): SealedAppendPlan | undefined {
  const first = events[0]!.id.toLowerCase();
  const at = tail.findIndex((event) => event.id.toLowerCase() === first);
  if (at < 0 || at + 1 < events.length) return undefined;
  // Newest first: the append's events stand at tail[at], tail[at - 1], …
  for (let i = 0; i < events.length; i++)
    if (tail[at - i]!.id.toLowerCase() !== events[i]!.id.toLowerCase()) return undefined;
  const lastOfRetry = tail[at - events.length + 1]!;
  return {
    kind: 'retry',
    nextExpectedRevision: lastOfRetry.revision,
    position: lastOfRetry.position,
  };
}
