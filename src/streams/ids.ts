import { digestText } from '../store/hashing.js';

/** The namespace of callstream's deterministic ids (UUID v5). */
export const CALLSTREAM_NAMESPACE = '4f0f6b1e-2f7e-5a53-9a8f-6c1f2d3b7a10';

const NAMESPACE_BYTES = Buffer.from(CALLSTREAM_NAMESPACE.replace(/-/g, ''), 'hex');

// One buffer holds namespace + name for hashing, so a name costs no allocation but its digest.
let scratch = Buffer.alloc(512);
NAMESPACE_BYTES.copy(scratch);

/** SHA-1 of namespace + name, as 40 lowercase hex digits. */
function digestOf(name: string): string {
  const needed = NAMESPACE_BYTES.length + name.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
  if (needed > scratch.length) {
    scratch = Buffer.alloc(needed * 2);
    NAMESPACE_BYTES.copy(scratch);
  }
  const data = scratch.subarray(
    0,
    NAMESPACE_BYTES.length + scratch.write(name, NAMESPACE_BYTES.length, 'utf8'),
  );
  return digestText('sha1', data, 'hex');
}

/** The RFC 9562 variant in the digit after the third dash: 10xx. */
const VARIANT_DIGIT = '89ab89ab89ab89ab';

function uuidOf(hex: string, version: string, last: string): string {
  const variant = VARIANT_DIGIT[Number.parseInt(hex[16]!, 16)]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 24)}${last}`;
}

/** A name-based UUID (RFC 9562 version 5) in callstream's namespace: the same name, the same id, forever. */
export function nameUuid(name: string): string {
  const hex = digestOf(name);
  return uuidOf(hex, '5', hex.slice(24, 32));
}

/**
 * A command id named by the client: the same name, the same id (a UUID, version 5). Named
 * after what the command records (who did what, when), a resend after a crash, even from a
 * restarted process that kept no ids, writes nothing: it answers the first result.
 */
export const commandIdOf = (name: string): string => nameUuid(`command/${name}`);

/**
 * The ids of the events one command appends to one stream, from one digest: the first is
 * the version 5 UUID of `commandId/stream/0`, exactly as every event id was named before,
 * so an append of one event (most commands, every call-number allocation) is recognised
 * across versions; each following event's id is that digest with its index mixed into the
 * last 32 bits (a bijection: distinct indexes, distinct ids), marked version 8 (RFC 9562's derived ids), so it cannot equal any name-based
 * id. Deterministic per command, stream and index: a retried command gets the same ids.
 */
export function eventIds(commandId: string, stream: string, count: number): string[] {
  if (count === 0) return [];
  const hex = digestOf(`${commandId}/${stream}/0`);
  const ids = [uuidOf(hex, '5', hex.slice(24, 32))];
  if (count > 1) {
    const tail = Number.parseInt(hex.slice(24, 32), 16);
    for (let index = 1; index < count; index++)
      ids.push(
        uuidOf(
          hex,
          '8',
          ((tail ^ Math.imul(index, 0x9e3779b1)) >>> 0).toString(16).padStart(8, '0'),
        ),
      );
  }
  return ids;
}
