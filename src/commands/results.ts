import type { Call, CallRef, CallState, DomainEvent } from '../domain/index.js';
import type { EnvelopeFields } from '../streams/index.js';

/** One event a command recorded, as its result shows it. */
export interface ResultEvent {
  readonly id: string;
  readonly type: DomainEvent['type'];
  readonly revision: bigint;
  readonly data: DomainEvent['data'];
}

interface ResultBase {
  readonly commandId: string;
  readonly commandType: string;
  readonly streamName: string;
  /** The events this command recorded, in order. */
  readonly events: readonly ResultEvent[];
  /** Revision of the stream after the command. */
  readonly revision: bigint;
  /** Global position of the command's last event. */
  readonly position: bigint;
  /** True when this command id had already been executed: nothing new was written. */
  readonly duplicate: boolean;
  readonly warnings: readonly string[];
}

/** The result of a command on a call. */
export interface CommandResult extends ResultBase {
  readonly callId: string;
  readonly number: string;
  /** The call right after the command. */
  readonly state: Call;
  /** For ReopenCall: the new call that continues this one. */
  readonly successor?: CallRef;
}

/** Why the customer validation refused a request (it waits on in its inbox). */
export interface RequestRefusal {
  readonly reason: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The result of a command on another aggregate (organisation, customer, contract, request, …). */
export interface AggregateResult extends ResultBase {
  readonly aggregate: string;
  readonly state: unknown;
  /** For an accepted request: the call it became; for one that joined a call (A2): the follow-up added to it. */
  readonly call?: CommandResult;
  /** The request named an open call of its sender's customer and joined it as follow-up information. */
  readonly joined?: boolean;
  /** For a request the customer validation refused: why (it waits on in its inbox). */
  readonly refusal?: RequestRefusal;
}

/** What one load-decide-append produced (or found recorded), before it is shaped into a result. */
export interface Appended<S> {
  readonly stream: string;
  readonly state: S;
  readonly events: readonly ResultEvent[];
  readonly revision: bigint;
  readonly position: bigint;
  readonly duplicate: boolean;
}

/** The result of a command on an aggregate other than the call. */
export function aggregateResult(
  aggregate: string,
  appended: Appended<unknown>,
  envelope: EnvelopeFields,
): AggregateResult {
  const { stream, events, revision, position, duplicate, state } = appended;
  return {
    commandId: envelope.commandId,
    commandType: envelope.commandType,
    streamName: stream,
    events,
    revision,
    position,
    duplicate,
    aggregate,
    state,
    warnings: [],
  };
}

/**
 * The result of a command on a call. One literal, not spreads: on Node 20, a spread followed
 * by more properties costs around a microsecond, and this runs for every call command.
 */
export function callResult(
  appended: Appended<CallState>,
  envelope: Pick<EnvelopeFields, 'commandId' | 'commandType'>,
): CommandResult {
  const call = appended.state!;
  const reopened = appended.events.find((e) => e.type === 'CallReopened')?.data as
    { successor: CallRef } | undefined;
  const { stream, events, revision, position, duplicate } = appended;
  const result: CommandResult = {
    commandId: envelope.commandId,
    commandType: envelope.commandType,
    streamName: stream,
    events,
    revision,
    position,
    duplicate,
    callId: call.id,
    number: call.number,
    state: call,
    warnings: warningsOf(events),
  };
  return reopened ? Object.assign(result, { successor: reopened.successor }) : result;
}

/** What a new call's registration warns about: open calls for the same item, a site the installed base corrects. */
function warningsOf(events: readonly ResultEvent[]): string[] {
  const logged = events.find((e) => e.type === 'CallLogged')?.data as
    | {
        possibleDuplicates?: string[];
        namedSiteId?: string;
        namedItem?: string;
        subject?: { siteId?: string };
        item?: { serialNumber?: string; item?: string };
      }
    | undefined;
  const duplicates = logged?.possibleDuplicates ?? [];
  const warnings =
    duplicates.length > 0
      ? [`Open calls exist for the same customer and serial number: ${duplicates.join(', ')}`]
      : [];
  if (logged?.namedSiteId)
    warnings.push(
      `The installed base places ${logged.item?.serialNumber ?? 'the item'} at site ${logged.subject?.siteId} on the call's day, not at ${logged.namedSiteId} as named: the call is at ${logged.subject?.siteId}`,
    );
  if (logged?.namedItem)
    warnings.push(
      `The installed base knows ${logged.item?.serialNumber ?? 'the serial number'} as ${logged.item?.item}, not ${logged.namedItem} as named: the call is about ${logged.item?.item}`,
    );
  return warnings;
}
