import {
  CALL_NUMBERS_STREAM,
  type DomainEvent,
  callNumberAt,
  callNumberRevision,
  DomainError,
  parseCallNumber,
  reviveStored,
} from '../domain/index.js';
import type { AppendResult, EventStore, StreamAppend } from '../store/port.js';
import { encodeEvents, type EnvelopeFields } from '../streams/index.js';

/**
 * Allocates the next call number by appending to the numbers stream with expectation
 * "any": the store serialises appends to one stream, so the revision it returns is unique
 * and increasing. The event id derives from the command, so a retried command gets back
 * the number it was first given instead of a new one.
 */
export async function allocateCallNumber(
  store: EventStore,
  callId: string,
  envelope: EnvelopeFields,
): Promise<string> {
  const [event] = encodeEvents(
    [{ type: 'CallNumberAllocated', data: { callId } }],
    CALL_NUMBERS_STREAM,
    envelope,
  );
  const result = await store.appendToStream(CALL_NUMBERS_STREAM, [event!], {
    expectedRevision: 'any',
  });
  return callNumberAt(result.nextExpectedRevision);
}

/**
 * A decision that writes other streams with its own, in one transaction where the store
 * can: `first`, then the events `decide` makes from their results (a call logged with the
 * number allocated for it; a visit booked in the engineer's agenda). Without linked appends
 * the parts are written one after the other, as allocateCallNumber does. Same events, same
 * expectations, same retries.
 */
export interface LinkedDecision<E extends DomainEvent = DomainEvent> {
  readonly first: readonly StreamAppend[];
  readonly decide: (first: readonly AppendResult[]) => E[];
}

/** A call's decision with the call number allocated for it, in the same transaction. */
export function numberedDecision<E extends DomainEvent>(
  callId: string,
  envelope: EnvelopeFields,
  decide: (number: string) => E[],
): LinkedDecision<E> {
  const [event] = encodeEvents(
    [{ type: 'CallNumberAllocated', data: { callId } }],
    CALL_NUMBERS_STREAM,
    envelope,
  );
  return {
    first: [{ streamName: CALL_NUMBERS_STREAM, events: [event!], expectedRevision: 'any' }],
    decide: ([allocated]) => decide(callNumberAt(allocated!.nextExpectedRevision)),
  };
}

/**
 * The call id behind a number: the number's revision in the numbers stream, one read,
 * revived as every read of our own events is (strict decoding is for audits: here it
 * would cost a read command more than the read itself).
 */
export async function resolveCallNumber(store: EventStore, number: string): Promise<string> {
  const sequence = parseCallNumber(number);
  if (sequence === undefined || sequence < 1n) {
    throw new DomainError(
      'CallNotFound',
      `"${number}" is neither a call id nor a call number such as C-000042`,
    );
  }
  for await (const recorded of store.readStream(CALL_NUMBERS_STREAM, {
    fromRevision: callNumberRevision(sequence),
    maxCount: 1,
  })) {
    const { event } = reviveStored(recorded);
    if (event.type === 'CallNumberAllocated') return event.data.callId;
  }
  throw new DomainError('CallNotFound', `No call has number ${number}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A call named by id (UUID) or by number (C-000042) → its id. */
export async function resolveCallReference(store: EventStore, reference: string): Promise<string> {
  return UUID.test(reference) ? reference.toLowerCase() : resolveCallNumber(store, reference);
}
