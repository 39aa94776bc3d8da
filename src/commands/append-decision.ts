import type { DomainEvent } from '../domain/index.js';
import {
  supportsLinkedAppends,
  type AppendResult,
  type EventStore,
  type EventToAppend,
} from '../store/port.js';
import type { NumberedDecision } from './call-numbers.js';
import { markedWithCommand } from './idempotency.js';
import { encodeEvents, type EnvelopeFields } from '../streams/index.js';

/** What a decision is: the events to record, or events that need a number allocated with them. */
export type Decision<E extends DomainEvent = DomainEvent> = E[] | NumberedDecision<E>;

export interface AppendedDecision<E extends DomainEvent> {
  readonly events: E[];
  readonly encoded: EventToAppend[];
  readonly appended: AppendResult;
}

/**
 * Appends a decision at the expected revision. One that needs a call number gets it in the
 * same transaction where the store can (no number without its call), else allocates first.
 */
export async function appendDecision<E extends DomainEvent>(
  store: EventStore,
  stream: string,
  envelope: EnvelopeFields,
  revision: bigint,
  decision: Decision<E>,
): Promise<AppendedDecision<E>> {
  const expectedRevision = revision < 0n ? 'no_stream' : revision;
  if (Array.isArray(decision)) {
    const encoded = markedWithCommand(encodeEvents(decision, stream, envelope), envelope.commandId);
    return {
      events: decision,
      encoded,
      appended: await store.appendToStream(stream, encoded, { expectedRevision }),
    };
  }
  if (!supportsLinkedAppends(store)) {
    const events = decision.decide(
      await store.appendToStream(decision.allocation.streamName, decision.allocation.events, {
        expectedRevision: decision.allocation.expectedRevision,
      }),
    );
    const encoded = markedWithCommand(encodeEvents(events, stream, envelope), envelope.commandId);
    return {
      events,
      encoded,
      appended: await store.appendToStream(stream, encoded, { expectedRevision }),
    };
  }
  let decided: { events: E[]; encoded: EventToAppend[] } | undefined;
  const [, appended] = await store.appendLinked(decision.allocation, (allocated) => {
    const events = decision.decide(allocated);
    decided = {
      events,
      encoded: markedWithCommand(encodeEvents(events, stream, envelope), envelope.commandId),
    };
    return { streamName: stream, events: decided.encoded, expectedRevision };
  });
  return { events: decided!.events, encoded: decided!.encoded, appended };
}
