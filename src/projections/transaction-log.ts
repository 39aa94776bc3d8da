import { decodeStored, evolveCall, reviveStored, type Actor, type CallEvent, type CallState } from '../domain/index.js';
import { callStreamName } from '../streams/index.js';
import { supportsSynchronousReads, type EventStore, type RecordedEvent } from '../store/port.js';
import { diffState, type LogValue } from './diff.js';

/** One change of one field (F1): when, which field, who, old and new content, and the fact behind it. */
export interface LogEntry {
  readonly at: string;
  readonly actor: Actor;
  readonly field: string;
  readonly old: LogValue;
  readonly new: LogValue;
  readonly eventType: string;
  readonly eventId: string;
  readonly revision: string;
  /** The reason the command gave (priority change, reassignment, correction, contract change, reschedule, cancellation, rejection, reopening). */
  readonly reason?: string;
}

export interface LogOptions {
  /** Only changes that happened up to this instant: the log as it stood then. */
  readonly asOf?: Date;
  /**
   * Decode every event strictly through its schema, as audits do (a stored event that no
   * longer parses is reported). By default events are revived as the projections revive
   * them: validated when they were decided, they only need their instants back.
   */
  readonly strict?: boolean;
}

/**
 * The transaction log of a call, read from its event stream: the log IS the event store.
 * Each entry comes from replaying the stream and comparing the state before and after
 * each event, so no event can change a field without the log showing it.
 */
export async function transactionLog(store: EventStore, callId: string, options: LogOptions = {}): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  const asOf = options.asOf?.getTime();
  const decode = options.strict ? decodeStored : reviveStored;
  let state: CallState = null;
  /** Logs one event's changes; false once `asOf` is passed. */
  const step = (recorded: RecordedEvent): boolean => {
    const { event, metadata } = decode(recorded);
    if (asOf !== undefined && metadata.occurredAt.getTime() > asOf) return false;
    const next = evolveCall(state, event as CallEvent);
    const at = metadata.occurredAt.toISOString();
    const reason = (event.data as { reason?: unknown }).reason;
    for (const change of diffState(state, next)) {
      const entry: LogEntry = { at, actor: metadata.actor, ...change, eventType: event.type, eventId: recorded.id, revision: recorded.revision.toString() };
      entries.push(typeof reason === 'string' ? { ...entry, reason } : entry);
    }
    state = next;
    return true;
  };
  const stream = callStreamName(callId);
  // Pages handed over at once where the store can, as loads and projections read them: no promise per event.
  if (supportsSynchronousReads(store)) {
    for (let from = 0n; ; ) {
      const page = store.readStreamPage(stream, from, store.pageSize);
      for (const recorded of page) if (!step(recorded)) return entries;
      if (page.length < store.pageSize) return entries;
      from = page[page.length - 1]!.revision + 1n;
    }
  }
  for await (const recorded of store.readStream(stream)) if (!step(recorded)) break;
  return entries;
}
