import {
  decodeStored,
  evolveCall,
  reviveStored,
  type Actor,
  type CallEvent,
  type CallState,
} from '../domain/index.js';
import { callStreamName } from '../streams/index.js';
import { supportsSynchronousReads, type EventStore } from '../store/port.js';
import { diffState, type LogValue } from './diff.js';
import { unchangedFields } from './unchanged-fields.js';

/**
 * One change of one field (F1): when, which field, who, old and new content, and the fact
 * behind it. An event that changed nothing shows the fields it names with old = new.
 */
export interface LogEntry {
  readonly at: string;
  readonly actor: Actor;
  readonly field: string;
  readonly old: LogValue;
  readonly new: LogValue;
  /** Old and new are instants (ISO strings): shown as times. Decided by the field, never by what a text reads. */
  readonly instant?: true;
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

/** What the log needs of one stored event. */
export interface LoggedEvent {
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * Builds a call's log one stored event at a time, in revision order: each entry comes from
 * comparing the call's state before and after the event, so no event can change a field
 * without the log showing it, and every event has an entry (unchanged-fields.ts). `add`
 * returns false once `asOf` is passed.
 */
export function logBuilder(options: LogOptions = {}): {
  readonly entries: LogEntry[];
  add(recorded: LoggedEvent): boolean;
} {
  const entries: LogEntry[] = [];
  const asOf = options.asOf?.getTime();
  const decode = options.strict ? decodeStored : reviveStored;
  let state: CallState = null;
  return {
    entries,
    add(recorded) {
      const { event, metadata } = decode(recorded);
      if (asOf !== undefined && metadata.occurredAt.getTime() > asOf) return false;
      const next = evolveCall(state, event as CallEvent);
      const diff = diffState(state, next);
      const changes = diff.length > 0 ? diff : unchangedFields(event as CallEvent, next);
      state = next;
      const at = metadata.occurredAt.toISOString();
      const revision = recorded.revision.toString();
      const given = (event.data as { reason?: unknown }).reason;
      const reason = typeof given === 'string' ? given : undefined;
      for (const { field, old, new: value, instant } of changes) {
        const entry: { -readonly [K in keyof LogEntry]: LogEntry[K] } = {
          at,
          actor: metadata.actor,
          field,
          old,
          new: value,
          eventType: event.type,
          eventId: recorded.id,
          revision,
        };
        if (instant) entry.instant = instant;
        if (reason !== undefined) entry.reason = reason;
        entries.push(entry);
      }
      return true;
    },
  };
}

/**
 * The transaction log of a call, read from its event stream: the log IS the event store.
 * It trusts the store; audit/sealed-log.ts builds it from the same rows while checking the
 * stream's seal, as `Callstream.log` does on a sealed store.
 */
export async function transactionLog(
  store: EventStore,
  callId: string,
  options: LogOptions = {},
): Promise<LogEntry[]> {
  const log = logBuilder(options);
  const stream = callStreamName(callId);
  // Pages handed over at once where the store can, as loads and projections read them: no promise per event.
  if (supportsSynchronousReads(store)) {
    for (let from = 0n; ;) {
      const page = store.readStreamPage(stream, from, store.pageSize);
      for (const recorded of page) if (!log.add(recorded)) return log.entries;
      if (page.length < store.pageSize) return log.entries;
      from = page[page.length - 1]!.revision + 1n;
    }
  }
  for await (const recorded of store.readStream(stream)) if (!log.add(recorded)) break;
  return log.entries;
}
