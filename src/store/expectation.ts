import { EventIdConflict, InvalidExpectedRevision } from './errors.js';
import {
  NO_STREAM_REVISION,
  type EventToAppend,
  type ExpectedRevision,
  type StreamAppend,
} from './port.js';

const NAMED: ReadonlySet<unknown> = new Set(['any', 'no_stream', 'stream_exists']);

/**
 * The port's boundary for an append, which every adapter passes each append (and each part
 * of a linked one) through before it reads or writes anything: the expectation as the port
 * knows it, and the events with one id each. A JavaScript caller's number for a revision
 * is taken as its bigint when it is a safe non-negative integer (0 is 0n); anything else
 * that is not a bigint or a named expectation is refused (InvalidExpectedRevision), as is an
 * append that gives one id to two of its events (EventIdConflict): no store could keep two
 * events under one id, and such an append can be no retry. Ids are compared by `idKey`
 * (EventStoreDB reads them as UUIDs, whatever their case).
 */
export function checkedAppend(
  append: StreamAppend,
  idKey: (id: string) => string = (id) => id,
): StreamAppend {
  const expectedRevision = checkedExpectation(append.streamName, append.expectedRevision);
  checkDistinctIds(append.streamName, append.events, idKey);
  return expectedRevision === append.expectedRevision ? append : { ...append, expectedRevision };
}

function checkedExpectation(streamName: string, given: unknown): ExpectedRevision {
  if (typeof given === 'bigint' || NAMED.has(given)) return given as ExpectedRevision;
  if (typeof given === 'number' && Number.isSafeInteger(given) && given >= 0) return BigInt(given);
  throw new InvalidExpectedRevision(streamName, given);
}

function checkDistinctIds(
  streamName: string,
  events: readonly EventToAppend[],
  idKey: (id: string) => string,
): void {
  if (events.length < 2) return;
  const seen = new Set<string>();
  for (const { id } of events) {
    const key = idKey(id);
    if (seen.has(key)) throw new EventIdConflict(id, streamName, true);
    seen.add(key);
  }
}

/** Whether a stream currently at `actual` (-1n: no stream) satisfies the expectation. */
export function expectationHolds(expected: ExpectedRevision, actual: bigint): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === NO_STREAM_REVISION;
    case 'stream_exists':
      return actual !== NO_STREAM_REVISION;
    default:
      return actual === expected;
  }
}

/**
 * Whether an append that was already stored with its first event at `firstRevision` is a
 * retry that this expectation could have produced. EventStoreDB accepts such a retry as
 * idempotent; anything else is a genuine conflict.
 */
export function retryMatches(expected: ExpectedRevision, firstRevision: bigint): boolean {
  switch (expected) {
    case 'any':
    case 'stream_exists':
      return true;
    case 'no_stream':
      return firstRevision === 0n;
    default:
      return firstRevision === expected + 1n;
  }
}
