import type { DomainEvent } from '../domain/index.js';
import {
  supportsLinkedAppends,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type StreamAppend,
} from '../store/port.js';
import type { LinkedDecision } from './call-numbers.js';
import { commandMarkerId } from './idempotency.js';
import { receiptAppend } from './command-receipts.js';
import { encodeEvents, type EnvelopeFields } from '../streams/index.js';

/** What a decision is: the events to record, or events written with other streams (a number, an agenda). */
export type Decision<E extends DomainEvent = DomainEvent> = E[] | LinkedDecision<E>;

export interface AppendedDecision<E extends DomainEvent> {
  readonly events: E[];
  readonly encoded: EventToAppend[];
  readonly appended: AppendResult;
  /** The command decided no event: what was appended is its receipt (command-receipts.ts), not events of the stream. */
  readonly unchanged: boolean;
}

/**
 * Appends a decision at the expected revision. One written with other streams (a call
 * number, an engineer's agenda weeks) is written with them in one transaction where the
 * store can; elsewhere (EventStoreDB) the other streams are written first, one after the
 * other, then the decision: a failure in between leaves the earlier parts written, which
 * their readers tolerate (a number without its call; a booking the call never recorded,
 * booked again by the retry, see agenda/decide.ts). A decision of no event appends the
 * command's receipt instead, where its events would have gone.
 */
export async function appendDecision<E extends DomainEvent>(
  store: EventStore,
  stream: string,
  envelope: EnvelopeFields,
  revision: bigint,
  decision: Decision<E>,
): Promise<AppendedDecision<E>> {
  const expectedRevision = revision < 0n ? 'no_stream' : revision;
  // What the command records on its stream, or its receipt when it decided nothing.
  const recording = (events: E[]): { decided: Recorded<E>; append: StreamAppend } => {
    if (events.length === 0)
      return {
        decided: { events, encoded: [], unchanged: true },
        append: receiptAppend(stream, revision, envelope),
      };
    const encoded = commandEvents(events, stream, envelope);
    return {
      decided: { events, encoded, unchanged: false },
      append: { streamName: stream, events: encoded, expectedRevision },
    };
  };
  const appendNow = async (events: E[]): Promise<AppendedDecision<E>> => {
    const { decided, append } = recording(events);
    return { ...decided, appended: await appendOne(store, append) };
  };
  // A receipt holds only for the stream as it was decided on: a change since is decided again.
  // (A linked decision that decides nothing is not guarded so: none does today, and a guard
  // there would cost every linked append a check its events already make.)
  if (Array.isArray(decision) && decision.length === 0)
    return appendDecision(store, stream, envelope, revision, guardedBy(decision, stream, revision));
  if (Array.isArray(decision)) return appendNow(decision);
  if (!supportsLinkedAppends(store)) {
    const results: AppendResult[] = [];
    for (const part of decision.first)
      results.push(
        await store.appendToStream(part.streamName, part.events, {
          expectedRevision: part.expectedRevision,
        }),
      );
    return appendNow(decision.decide(results));
  }
  let decided: Recorded<E> | undefined;
  const [, appended] = await store.appendLinked(decision.first, (results) => {
    const recorded = recording(decision.decide(results));
    decided = recorded.decided;
    return recorded.append;
  });
  return { ...decided!, appended };
}

type Recorded<E extends DomainEvent> = Omit<AppendedDecision<E>, 'appended'>;

const appendOne = (store: EventStore, { streamName, events, expectedRevision }: StreamAppend) =>
  store.appendToStream(streamName, events, { expectedRevision });

/** The events of the stream a command acts on: the first carries the command's marker id. */
const commandEvents = (events: readonly DomainEvent[], stream: string, envelope: EnvelopeFields) =>
  encodeEvents(events, stream, envelope, commandMarkerId(envelope.commandId));

/**
 * A decision taken on another stream as read (a booking on the call's invoice, an issue on
 * the call's bookings): written only if that stream is still at the revision read, in the
 * same transaction where the store links appends. The other writer's change makes this one
 * conflict and decide again.
 */
export function guardedBy<E extends DomainEvent>(
  decision: Decision<E>,
  streamName: string,
  revision: bigint,
): Decision<E> {
  const guard: StreamAppend = {
    streamName,
    events: [],
    expectedRevision: revision < 0n ? 'no_stream' : revision,
  };
  if (Array.isArray(decision)) return { first: [guard], decide: () => decision };
  return { first: [...decision.first, guard], decide: decision.decide };
}
