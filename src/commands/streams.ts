import { v5 as uuidv5 } from 'uuid';
import {
  decodeStored,
  encodeMetadata,
  evolveCall,
  type CallEvent,
  type CallState,
  type DomainEvent,
  type EventMetadata,
} from '../domain/index.js';
import { NO_STREAM_REVISION, type EventStore, type EventToAppend, type JsonValue, type RecordedEvent } from '../store/port.js';

/** The namespace of callstream's deterministic ids (UUID v5). */
export const CALLSTREAM_NAMESPACE = '4f0f6b1e-2f7e-5a53-9a8f-6c1f2d3b7a10';

export const callStreamName = (callId: string): string => `call-${callId}`;
export const CALL_STREAM_PREFIX = 'call-';

/** Deterministic ids: a retried command produces the same event ids, so the store recognises the retry. */
export const eventIdFor = (commandId: string, index: number, stream: string): string =>
  uuidv5(`${commandId}/${stream}/${index}`, CALLSTREAM_NAMESPACE);
export const derivedId = (commandId: string, purpose: string): string => uuidv5(`${commandId}/${purpose}`, CALLSTREAM_NAMESPACE);

export type EnvelopeFields = Omit<EventMetadata, 'schemaVersion'>;

export function encodeEvents(events: readonly DomainEvent[], stream: string, envelope: EnvelopeFields): EventToAppend[] {
  return events.map((event, index) => ({
    id: eventIdFor(envelope.commandId, index, stream),
    type: event.type,
    data: toJson(event.data),
    metadata: encodeMetadata(event.type, envelope),
  }));
}

/** Dates become ISO strings exactly as JSON.stringify writes them; the store keeps JSON. */
function toJson(data: object): JsonValue {
  return data as unknown as JsonValue;
}

export interface LoadedCall {
  readonly state: CallState;
  /** Revision of the last event read; -1n when the call was never logged. */
  readonly revision: bigint;
  /** The events an earlier execution of this command id already recorded, if any. */
  readonly processed?: { readonly commandType: string; readonly events: RecordedEvent[] };
}

export interface LoadOptions {
  /** Recognise an earlier execution of this command. */
  readonly commandId?: string;
  /** Stop before the first event that occurred after this instant (as-of replay for audits). */
  readonly asOf?: Date;
  /** Stop after this revision. */
  readonly toRevision?: bigint;
}

/** Rehydrates a call: read its stream, decode every event through its schema, fold. */
export async function loadCall(store: EventStore, callId: string, options: LoadOptions = {}): Promise<LoadedCall> {
  let state: CallState = null;
  let revision = NO_STREAM_REVISION;
  let processed: { commandType: string; events: RecordedEvent[] } | undefined;
  const asOf = options.asOf?.getTime();
  const maxCount = options.toRevision === undefined ? undefined : Number(options.toRevision) + 1;
  for await (const recorded of store.readStream(callStreamName(callId), maxCount === undefined ? {} : { maxCount })) {
    const { event, metadata } = decodeStored(recorded);
    if (asOf !== undefined && metadata.occurredAt.getTime() > asOf) break;
    state = evolveCall(state, event as CallEvent);
    revision = recorded.revision;
    if (options.commandId !== undefined && metadata.commandId === options.commandId) {
      processed ??= { commandType: metadata.commandType, events: [] };
      processed.events.push(recorded);
    }
  }
  return processed ? { state, revision, processed } : { state, revision };
}
