import { z } from 'zod';
import {
  currentVersion,
  decodeEvent,
  reviveEvent,
  type DomainEvent,
  type EventType,
} from './catalogue.js';
import { instantOf } from './shared/revive.js';
import { actor, id, storedInstant } from './shared/schema.js';

/**
 * The metadata every stored event carries: who (actor with role), when (occurred-at),
 * why (the command, its correlation and causation ids) and which schema version.
 */
export const eventMetadataSchema = z.object({
  schemaVersion: z.number().int().positive(),
  actor,
  occurredAt: storedInstant,
  commandId: z.uuid(),
  commandType: id,
  correlationId: z.uuid(),
  causationId: z.uuid(),
  /**
   * The fingerprint of the command that recorded the event (type, actor, instant, payload):
   * a resend of its command id with other content is refused. Absent on events recorded
   * before it existed and on steps a command runs on its own.
   */
  commandDigest: z.string().optional().meta({
    description:
      'Fingerprint of the command (type, actor, instant, payload): a resend of its command id with other content is refused',
  }),
});
export type EventMetadata = z.output<typeof eventMetadataSchema>;

/** The shape of a stored event that decoding needs: structurally what any store returns. */
export interface StoredShape {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface DecodedEvent {
  readonly event: DomainEvent;
  readonly metadata: EventMetadata;
}

/** Decodes strictly: every field validated by its schema (audits, replays). */
export function decodeStored(stored: StoredShape): DecodedEvent {
  const metadata = eventMetadataSchema.parse(stored.metadata);
  return { event: decodeEvent(stored.type, stored.data, metadata.schemaVersion), metadata };
}

/**
 * Decodes for the hot path: revives instants as the schemas declare them, validating only
 * what old versions need (see revive.ts). The stored JSON objects are taken over.
 */
export function reviveStored(stored: StoredShape): DecodedEvent {
  // Parsed JSON: not always an object.
  const raw = stored.metadata as Record<string, unknown> | null | undefined;
  const at = raw?.occurredAt;
  if (typeof raw?.schemaVersion !== 'number' || !(typeof at === 'string' || at instanceof Date))
    return decodeStored(stored);
  // Taken over, like the data: no copy per event. A Date means this event was revived before.
  if (typeof at === 'string') raw.occurredAt = instantOf(at);
  const metadata = raw as EventMetadata;
  return { event: reviveEvent(stored.type, stored.data, metadata.schemaVersion), metadata };
}

/** The JSON form of metadata, stamped with the current schema version of the event type. */
export function encodeMetadata(type: EventType, metadata: Omit<EventMetadata, 'schemaVersion'>) {
  const {
    actor: who,
    occurredAt,
    commandId,
    commandType,
    correlationId,
    causationId,
    commandDigest,
  } = metadata;
  const encoded: EncodedMetadata = {
    schemaVersion: currentVersion(type),
    actor: { ...who },
    occurredAt: occurredAt.toISOString(),
    commandId,
    commandType,
    correlationId,
    causationId,
  };
  if (commandDigest !== undefined) encoded.commandDigest = commandDigest; // no copy for one key
  return encoded;
}

/** Metadata as JSON holds it: the instant as ISO text. */
type EncodedMetadata = Omit<EventMetadata, 'occurredAt'> & { occurredAt: string };
