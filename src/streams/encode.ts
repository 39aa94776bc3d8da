import { encodeMetadata, type DomainEvent, type EventMetadata } from '../domain/index.js';
import type { EventToAppend } from '../store/port.js';
import { eventIds, nameUuid } from './ids.js';

/** Deterministic ids: a retried command produces the same event ids, so the store recognises the retry. */
export const eventIdFor = (commandId: string, index: number, stream: string): string =>
  eventIds(commandId, stream, index + 1)[index]!;
export const derivedId = (commandId: string, purpose: string): string =>
  nameUuid(`${commandId}/${purpose}`);

export type EnvelopeFields = Omit<EventMetadata, 'schemaVersion'> & {
  /**
   * The digest of the command as given, where it differs from `commandDigest` (which names
   * the call by its id): a resend of a command recorded before digests named calls so
   * matches it. Hashed when asked (a resend compared), never stored.
   */
  readonly givenDigest?: () => string;
};

/**
 * A decision's events as the store keeps them: ids from the command, data as JSON, the
 * envelope as metadata. `firstId`, when given, names the first event instead of its digest
 * (a command's marker, see idempotency.ts): one event then costs no digest at all.
 */
export function encodeEvents(
  events: readonly DomainEvent[],
  stream: string,
  envelope: EnvelopeFields,
  firstId?: string,
): EventToAppend[] {
  const ids =
    firstId !== undefined && events.length <= 1
      ? [firstId]
      : eventIds(envelope.commandId, stream, events.length); // one digest per command, not one per event
  if (firstId !== undefined) ids[0] = firstId;
  return events.map((event, index) => ({
    id: ids[index]!,
    type: event.type,
    data: event.data, // Dates become ISO text as the store writes JSON (JsonInput)
    metadata: encodeMetadata(event.type, envelope),
  }));
}
