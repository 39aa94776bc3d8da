/**
 * Pure translations between the event store port and the EventStoreDB client
 * (@eventstore/db-client v6). Nothing here talks to a server, so all of it is unit tested;
 * eventstoredb.ts only wires these to the client's calls.
 */
import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  isCommandError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedRevision } from './errors.js';
import {
  NO_STREAM_REVISION,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type JsonValue,
  type RecordedEvent,
} from './port.js';

const UINT64_LIMIT = 1n << 64n;
const UINT64_MASK = UINT64_LIMIT - 1n;

/** Our expectation as the client spells it. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      // -1n is "the stream is at no revision": the other stores treat it exactly as no_stream.
      if (expected === NO_STREAM_REVISION) return NO_STREAM;
      if (expected < 0n || expected >= UINT64_LIMIT) {
        throw new RangeError(
          `Expected revision ${expected} is not a stream revision (0 to 2^64-1)`,
        );
      }
      return expected;
  }
}

/**
 * One bigint for EventStoreDB's two-part log position. $all is ordered by commit, then by
 * prepare, so putting commit in the high 64 bits keeps that order under plain bigint
 * comparison, and nothing is lost because each part is an unsigned 64-bit number.
 */
export function packPosition(position: Position): bigint {
  assertUint64('commit', position.commit);
  assertUint64('prepare', position.prepare);
  return (position.commit << 64n) | position.prepare;
}

export function unpackPosition(packed: bigint): Position {
  if (packed < 0n || packed >= UINT64_LIMIT << 64n) {
    throw new RangeError(
      `Position ${packed} was not produced by the EventStoreDB store (it must fit in 128 bits)`,
    );
  }
  return { commit: packed >> 64n, prepare: packed & UINT64_MASK };
}

function assertUint64(part: string, value: bigint): void {
  if (value < 0n || value >= UINT64_LIMIT) {
    throw new RangeError(`EventStoreDB ${part} position ${value} does not fit in 64 unsigned bits`);
  }
}

/**
 * The client's WrongExpectedVersionError as our typed error. The expectation is the one we
 * sent rather than the one the error echoes: depending on the code path (append or batch
 * append) the client may report it as "any" or as a raw -1.
 */
export function toWrongExpectedRevision(
  error: WrongExpectedVersionError,
  streamName: string,
  expected: ExpectedRevision,
): WrongExpectedRevision {
  const actual = error.actualVersion;
  return new WrongExpectedRevision(
    streamName,
    expected,
    typeof actual === 'bigint' && actual >= 0n ? actual : NO_STREAM_REVISION,
  );
}

/** Any append failure: a wrong expected version becomes ours, everything else passes through. */
export function fromAppendError(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
): unknown {
  return error instanceof WrongExpectedVersionError
    ? toWrongExpectedRevision(error, streamName, expected)
    : error;
}

/**
 * Our event as a JSON event. The id passes through, which is what makes a retried append
 * idempotent on the server. Data and metadata are checked by serialising them here, because
 * the client serialises them inside an async promise executor: a throw there (a bigint,
 * say) never rejects the append, which would never settle, its rejection unhandled.
 */
export function toEventData(event: EventToAppend): EventData {
  assertJson(event, 'data', event.data);
  assertJson(event, 'metadata', event.metadata);
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The client types JSON data as object | array | string; numbers, booleans and null
    // serialise just as well, and JsonValue is what our port promises to carry.
    data: event.data as JSONType,
    metadata: event.metadata,
  });
}

/** JSON.stringify as it behaves: undefined for undefined, a function or a symbol. */
const jsonText = (value: unknown): string | undefined => JSON.stringify(value);

function assertJson(event: EventToAppend, part: string, value: unknown): void {
  let text: string | undefined;
  try {
    text = jsonText(value);
  } catch (error) {
    throw new TypeError(
      `The ${part} of event ${event.id} (${event.type}) is not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (text === undefined)
    throw new TypeError(`The ${part} of event ${event.id} (${event.type}) is not JSON`);
}

/**
 * An event this store cannot turn into a RecordedEvent. Retrying will not help, so a
 * subscription stops with it instead of resubscribing.
 */
export class UnreadableEvent extends Error {
  readonly code = 'UnreadableEvent';
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEvent';
  }
}

/** System events ($metadata, $statsCollected, links "$>", ...) belong to the server, not to us. */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

/**
 * A recorded event as ours. The position must be present: $all reads always carry it and
 * stream reads do from server 22.6 on, which is the oldest server this adapter supports.
 */
export function fromEsdbRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  if (!event.position) {
    throw new UnreadableEvent(
      `Event ${event.id} in "${event.streamId}" came without a log position: EventStoreDB 22.6 or later is required`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position: packPosition(event.position),
    data: jsonData(event),
    metadata: jsonMetadata(event),
    recordedAt: event.created,
  };
}

function jsonData(event: EsdbRecordedEvent): JsonValue {
  if (event.isJson) return event.data as JsonValue;
  throw new UnreadableEvent(
    `Event ${event.id} (${event.type}) in "${event.streamId}" is binary: callstream only reads the JSON events it writes`,
  );
}

/** The metadata field that carries an event's stream hash (see eventstoredb-seal.ts). */
export const STREAM_HASH = '$streamHash';

/** Metadata as callers see it: without the seal. */
export function withoutSeal(metadata: JsonObject): JsonObject {
  if (!Object.hasOwn(metadata, STREAM_HASH)) return metadata;
  const { [STREAM_HASH]: _seal, ...rest } = metadata;
  return rest;
}

function jsonMetadata(event: EsdbRecordedEvent): JsonObject {
  const metadata: unknown = event.metadata;
  // The client hands back no metadata at all for an empty buffer.
  if (metadata === undefined) return {};
  if (
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    !(metadata instanceof Uint8Array)
  ) {
    return withoutSeal(metadata as JsonObject);
  }
  throw new UnreadableEvent(
    `The metadata of event ${event.id} (${event.type}) in "${event.streamId}" is not a JSON object`,
  );
}

/** An event read from a stream. Links are not resolved, so the event is always there. */
export function fromResolvedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  return resolved.event ? fromEsdbRecordedEvent(resolved.event) : undefined;
}

/** An event read from $all, or undefined for the server's own events, which are not ours to replay. */
export function fromAllResolvedEvent(resolved: AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || isSystemEventType(event.type)) return undefined;
  return fromEsdbRecordedEvent(event);
}

/** The packed position of any record read from $all, ours or the server's: paging moves past both. */
export function allRecordPosition(resolved: AllStreamResolvedEvent): bigint | undefined {
  return resolved.event ? packPosition(resolved.event.position) : undefined;
}

/**
 * A .NET regular expression matching exactly these event types. The server filters with a
 * regex or with prefixes; prefixes would let "Keep" through for "Keeper", so the regex is
 * anchored and every type is escaped.
 */
export function eventTypesRegex(types: readonly string[]): string {
  return `^(?:${types.map((type) => type.replace(/[\\^$.|?*+()[\]{}#\s-]/g, '\\$&')).join('|')})$`;
}

/**
 * Client errors that a new subscription cannot cure: a refusal, a bad request, a feature
 * the server lacks. Anything else (unavailable, cancelled by a restarting server, not
 * leader after an election, failed discovery, a stream that simply ended) is retried.
 */
const TERMINAL_CLIENT_ERRORS: ReadonlySet<string> = new Set([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.UNSUPPORTED,
  ErrorType.NOT_FOUND,
]);

export function isRetryableSubscriptionError(error: unknown): boolean {
  if (error instanceof UnreadableEvent || error instanceof RangeError) return false;
  if (error instanceof Error && isCommandError(error))
    return !TERMINAL_CLIENT_ERRORS.has(error.type);
  return true;
}

/** Exponential backoff: `initialMs` doubled per failed attempt (0-based), never above `maxMs`. */
export function resubscribeDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
