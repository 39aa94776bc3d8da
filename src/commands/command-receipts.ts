import { encodeMetadata, reviveStored, type EventMetadata } from '../domain/index.js';
import { EventIdConflict } from '../store/errors.js';
import { supportsEventIdLookup, type EventStore, type StreamAppend } from '../store/port.js';
import { CommandIdReused } from './errors.js';
import { commandMarkerId, ensureSameCommand, receiptStreamOf } from './idempotency.js';
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

/** What names a command: its id, type and (when a client sent it) digest. */
type Naming = Pick<EnvelopeFields, 'commandId' | 'commandType' | 'commandDigest' | 'givenDigest'>;

/**
 * The receipt of this command on this stream, if it changed nothing when it ran; the id with
 * a receipt of other content, or of another stream, is CommandIdReused.
 */
export async function receiptFor(
  store: EventStore,
  stream: string,
  command: Naming,
): Promise<Receipt | undefined> {
  const receipt = await receiptOf(store, command.commandId);
  if (!receipt) return undefined;
  ensureSameCommand(command.commandId, receipt, command);
  if (receipt.stream !== stream) throw reusedForAnotherStream(command);
  return receipt;
}

const reusedForAnotherStream = (command: Naming) =>
  new CommandIdReused(
    command.commandId,
    'a command on another stream',
    command.commandType,
    'target',
  );

/**
 * Refuses a command id already used on another stream before the command writes anything:
 * for a command that writes other streams before its own (a reopening's successor call, an
 * acceptance's call), where the store's refusal of its marker would come after those writes.
 * A receipt passes only when it is this very command on this stream (its handling answers
 * from it). A store that cannot look an event id up (EventStoreDB) is asked for the
 * command's receipt only: an id used for events on another stream is not recognised there.
 */
export async function ensureCommandIdUnused(
  store: EventStore,
  stream: string,
  command: Naming,
): Promise<void> {
  if (!supportsEventIdLookup(store)) {
    await receiptFor(store, stream, command);
    return;
  }
  const storedIn = await store.streamOfEvent(commandMarkerId(command.commandId));
  if (storedIn === undefined || storedIn === stream) return;
  if (storedIn === receiptStreamOf(command.commandId)) await receiptFor(store, stream, command);
  else throw reusedForAnotherStream(command);
}

/** The receipt of a command id, if it changed nothing when it ran. */
async function receiptOf(store: EventStore, commandId: string): Promise<Receipt | undefined> {
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
 * The store refused what a command appended in a way a receipt may explain: the command's
 * marker id is stored already (a receipt holds it, or a command on another stream does).
 * A receipt appended again is a retry the stores answer as one, never a revision conflict.
 */
export function mayBeReceipted(error: unknown, commandId: string): boolean {
  return error instanceof EventIdConflict && error.eventId === commandMarkerId(commandId);
}
