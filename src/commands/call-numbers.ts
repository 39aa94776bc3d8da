import {
  CALL_NUMBERS_STREAM,
  callNumberAt,
  callNumberRevision,
  decodeStored,
  DomainError,
  parseCallNumber,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { encodeEvents, type EnvelopeFields } from './streams.js';

/**
 * Allocates the next call number by appending to the numbers stream with expectation
 * "any": the store serialises appends to one stream, so the revision it returns is unique
 * and increasing. The event id derives from the command, so a retried command gets back
 * the number it was first given instead of a new one.
 */
export async function allocateCallNumber(store: EventStore, callId: string, envelope: EnvelopeFields): Promise<string> {
  const [event] = encodeEvents([{ type: 'CallNumberAllocated', data: { callId } }], CALL_NUMBERS_STREAM, envelope);
  const result = await store.appendToStream(CALL_NUMBERS_STREAM, [event!], { expectedRevision: 'any' });
  return callNumberAt(result.nextExpectedRevision);
}

/** The call id behind a number: the number's revision in the numbers stream, one read. */
export async function resolveCallNumber(store: EventStore, number: string): Promise<string> {
  const sequence = parseCallNumber(number);
  if (sequence === undefined || sequence < 1n) {
    throw new DomainError('CallNotFound', `"${number}" is neither a call id nor a call number such as C-000042`);
  }
  for await (const recorded of store.readStream(CALL_NUMBERS_STREAM, { fromRevision: callNumberRevision(sequence), maxCount: 1 })) {
    const { event } = decodeStored(recorded);
    if (event.type === 'CallNumberAllocated') return event.data.callId;
  }
  throw new DomainError('CallNotFound', `No call has number ${number}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A call named by id (UUID) or by number (C-000042) → its id. */
export async function resolveCallReference(store: EventStore, reference: string): Promise<string> {
  return UUID.test(reference) ? reference.toLowerCase() : resolveCallNumber(store, reference);
}
