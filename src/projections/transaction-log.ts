import { decodeStored, evolveCall, type Actor, type CallEvent, type CallState } from '../domain/index.js';
import { callStreamName } from '../commands/streams.js';
import type { EventStore } from '../store/port.js';
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
}

/**
 * The transaction log of a call, read from its event stream: the log IS the event store.
 * Each entry comes from replaying the stream and comparing the state before and after
 * each event, so no event can change a field without the log showing it.
 */
export async function transactionLog(store: EventStore, callId: string, options: LogOptions = {}): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  const asOf = options.asOf?.getTime();
  let state: CallState = null;
  for await (const recorded of store.readStream(callStreamName(callId))) {
    const { event, metadata } = decodeStored(recorded);
    if (asOf !== undefined && metadata.occurredAt.getTime() > asOf) break;
    const next = evolveCall(state, event as CallEvent);
    const at = metadata.occurredAt.toISOString();
    const reason = (event.data as { reason?: unknown }).reason;
    for (const change of diffState(state, next)) {
      const entry: LogEntry = { at, actor: metadata.actor, ...change, eventType: event.type, eventId: recorded.id, revision: recorded.revision.toString() };
      entries.push(typeof reason === 'string' ? { ...entry, reason } : entry);
    }
    state = next;
  }
  return entries;
}
