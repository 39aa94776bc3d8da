import { NO_STREAM_REVISION, type ExpectedRevision } from './port.js';

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
