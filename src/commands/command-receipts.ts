import { encodeMetadata, reviveStored, type EventMetadata } from '../domain/index.js';
import { EventIdConflict, WrongExpectedRevision } from '../store/errors.js';
import type { EventStore, StreamAppend } from '../store/port.js';
import { commandMarkerId, receiptStreamOf } from './idempotency.js';
import type { EnvelopeFields } from '../streams/index.js';

/**
 * Receipts of commands that changed nothing. A command that decides no event still names one
 * command forever: decided anew on a resend, after the stream changed, it could write (an
 * escalation that found no level reached, resent once a change dated before its instant made
 * one due). Its receipt, a `CommandChangedNothing` in a stream named after the command, carries
 * the command's marker id, so a resend that now decides events is refused by the store like
 * any reuse of the id (embedded stores: event ids are unique across streams) and answered
 * from the receipt: nothing changed then, nothing is written now.
 */

/** The receipt of a command decided on `stream` at `revision` that changed nothing. */
export function receiptAppend(
  stream: string,
  revision: bigint,
  envelope: EnvelopeFields,
): StreamAppend {
  return {
    streamName: receiptStreamOf(envelope.commandId),
    events: [
      {
        id: commandMarkerId(envelope.commandId),
        type: 'CommandChangedNothing',
        data: { stream, revision: Number(revision) },
        metadata: encodeMetadata('CommandChangedNothing', envelope),
      },
    ],
    expectedRevision: 'no_stream',
  };
}

/** What a receipt says: the command, where it was decided and where the receipt sits. */
export interface Receipt {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly commandType: string;
  readonly commandDigest?: string;
}

/** The receipt of a command id, if it changed nothing when it ran. */
export async function receiptOf(
  store: EventStore,
  commandId: string,
): Promise<Receipt | undefined> {
  for await (const stored of store.readStream(receiptStreamOf(commandId), { maxCount: 1 })) {
    const { event, metadata } = reviveStored(stored);
    if (event.type !== 'CommandChangedNothing') return undefined;
    return receiptFrom(event.data, stored.position, metadata);
  }
  return undefined;
}

function receiptFrom(
  data: { stream: string; revision: number },
  position: bigint,
  metadata: EventMetadata,
): Receipt {
  const base = {
    stream: data.stream,
    revision: BigInt(data.revision),
    position,
    commandType: metadata.commandType,
  };
  return metadata.commandDigest === undefined
    ? base
    : { ...base, commandDigest: metadata.commandDigest };
}

/**
 * The store refused what a command appended in a way a receipt explains: the command's
 * marker id is stored already (a receipt holds it, or a command on another stream does), or
 * its receipt stream exists (EventStoreDB, which recognises ids per stream only).
 */
export function mayBeReceipted(error: unknown, commandId: string): boolean {
  return (
    (error instanceof EventIdConflict && error.eventId === commandMarkerId(commandId)) ||
    (error instanceof WrongExpectedRevision && error.streamName === receiptStreamOf(commandId))
  );
}
