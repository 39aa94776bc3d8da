import { createHash } from 'node:crypto';
import { digestText } from './hashing.js';

/**
 * The seal of stored history: two SHA-256 chains computed by the store adapters as they
 * append, so no writer of the library can store an event without them.
 *
 * - The stream chain: `hash = SHA-256(previous hash of the stream ‖ canonical bytes)`, from
 *   GENESIS for a stream's first event. It proves every event's content and its place in
 *   its stream.
 * - The global chain: `chain = SHA-256(previous chain ‖ position ‖ hash)` over every event
 *   in position order, from GENESIS. It proves the order of all streams together, so a
 *   deleted stream, a reordering or a cut tail show too; its head (position + chain) is the
 *   digest an auditor keeps outside the system.
 *
 * The hash covers the bytes exactly as stored (for an encrypted personal field, its
 * ciphertext), so erasing a key never breaks verification.
 */

/** Where every chain starts. */
export const GENESIS: Buffer = createHash('sha256').update('callstream/seal/v1').digest();

/** The fields of a stored event that its seal covers, data and metadata as the stored JSON text. */
export interface CanonicalEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly type: string;
  /** The data exactly as stored (JSON text). */
  readonly data: string;
  /** The metadata exactly as stored (JSON text): the schema version is one of its fields. */
  readonly metadata: string;
}

/**
 * The stream chain's link for one event. The canonical bytes are defined here and nowhere
 * else: a JSON header line (id, stream, revision, type: JSON escapes any newline in them),
 * the length of the data text, the data, then the metadata. Each field's end is known, so
 * no two different events share their bytes.
 */
export function streamHash(previous: Buffer, event: CanonicalEvent): Buffer {
  return digest(streamBytes(previous, event));
}

/**
 * streamHash for an audit, on hex text as the audit reads it: the bytes are written into one
 * reused buffer and hashed in one call, so checking an event allocates no hash object and no
 * buffer of its own.
 */
export function streamHashHex(previous: string, event: CanonicalEvent): string {
  return digestHex(streamBytes(previous, event));
}

/** The global chain's link for the event at `position` whose stream hash is `hash`. */
export function chainHash(previous: Buffer, position: bigint | number, hash: Buffer): Buffer {
  return digest(chainBytes(previous, position, hash));
}

/** chainHash on hex text, for an audit. */
export function chainHashHex(previous: string, position: bigint | number, hash: string): string {
  return digestHex(chainBytes(previous, position, hash));
}

/** GENESIS as an audit compares it. */
export const GENESIS_HEX = GENESIS.toString('hex');

let scratch = Buffer.allocUnsafe(16384);

function reserve(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
  return scratch;
}

/** A digest as bytes, or as the hex text an audit reads. */
type Digest = Buffer | string;

const put = (bytes: Buffer, at: number, value: Digest): number =>
  typeof value === 'string' ? putHex(bytes, at, value) : value.copy(bytes, at);

/** A position's decimal ASCII digits, byte by byte: no text is made for them on each link. */
function putDecimal(bytes: Buffer, at: number, value: bigint | number): number {
  let rest = Number(value);
  if (!Number.isSafeInteger(rest) || rest < 0) return at + bytes.write(`${value}`, at, 'latin1');
  let length = 1;
  for (let power = 10; power <= rest; power *= 10) length++;
  for (let i = at + length - 1; i >= at; i--) {
    bytes[i] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + length;
}

/** Each ASCII character's value as a hex digit, -1 where it is none. */
const NIBBLES = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  NIBBLES['0123456789abcdef'.charCodeAt(digit)] = digit;
  NIBBLES['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}
const nibble = (code: number): number => (code < 128 ? NIBBLES[code]! : -1);

/**
 * Hex text written as bytes, stopping at the first pair that is not hex (as Buffer#write
 * does). A loop here: Buffer#write's call into C++ costs more than the 32 bytes of a digest.
 */
function putHex(bytes: Buffer, at: number, hex: string): number {
  const length = hex.length >>> 1;
  for (let i = 0; i < length; i++) {
    const high = nibble(hex.charCodeAt(2 * i));
    const low = nibble(hex.charCodeAt(2 * i + 1));
    if ((high | low) < 0) return i;
    bytes[at + i] = (high << 4) | low;
  }
  return length;
}

function streamBytes(previous: Digest, event: CanonicalEvent): Buffer {
  const { data, metadata } = event;
  const lead = `${header(event.id, event.streamName, event.revision.toString(), event.type)}\n${data.length}\n`;
  // UTF-8 takes at most three bytes per UTF-16 unit.
  const bytes = reserve(previous.length + 3 * (lead.length + data.length + metadata.length));
  let at = put(bytes, 0, previous);
  // Data and metadata are encoded each on its own: a lone surrogate ending the one must not
  // pair with one starting the other.
  const last = data.charCodeAt(data.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    at += bytes.write(lead, at);
    at += bytes.write(data, at);
    return bytes.subarray(0, at + bytes.write(metadata, at));
  }
  // Otherwise one write of one text: each write into a buffer costs a call into C++, more than the copy.
  return bytes.subarray(0, at + bytes.write(`${lead}${data}${metadata}`, at));
}

function chainBytes(previous: Digest, position: bigint | number, hash: Digest): Buffer {
  const bytes = reserve(previous.length + 32 + hash.length);
  let at = put(bytes, 0, previous);
  at = putDecimal(bytes, at, position);
  bytes[at++] = 0x0a; // \n
  at += put(bytes, at, hash);
  return bytes.subarray(0, at);
}

/**
 * Whether JSON.stringify leaves the text as it is: no quote, backslash, control character or
 * surrogate (lone ones are escaped). A loop over the characters: three regular expressions
 * a row cost more than the rest of the header.
 */
function plain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** JSON.stringify([id, streamName, revision, type]), without its cost where nothing needs escaping (ids and names never do). */
function header(id: string, streamName: string, revision: string, type: string): string {
  return !plain(id) || !plain(streamName) || !plain(type)
    ? JSON.stringify([id, streamName, revision, type])
    : `["${id}","${streamName}","${revision}","${type}"]`;
}

// A digest is copied from text into Buffer's pool ('binary', i.e. latin1: one byte per
// character): the one-shot hash's own 'buffer' output allocates outside the pool, at twice the cost.
const digest = (bytes: Buffer): Buffer =>
  Buffer.from(digestText('sha256', bytes, 'binary'), 'binary');
const digestHex = (bytes: Buffer): string => digestText('sha256', bytes, 'hex');

/** A stored event with its seal, read back for an audit. */
export interface SealedRow extends CanonicalEvent {
  readonly position: bigint;
  /** The stream hash as lowercase hex; null on events stored before the store was sealed (see ChainOrigin). */
  readonly hash: string | null;
  /** The global chain as lowercase hex. */
  readonly chain: string | null;
}

/** The head of the global chain as the store recorded it with its last append. */
export interface SealHead {
  readonly position: bigint;
  readonly chain: Buffer;
}

/**
 * A store written before sealing existed, sealed by its migration: the events through
 * `position` carry no seal of their own; `chain` is the global chain over them, computed
 * and recorded when the store was migrated (their stream hashes each from GENESIS).
 */
export interface ChainOrigin {
  readonly position: bigint;
  readonly chain: Buffer;
  readonly recordedAt: Date;
}

/** The capability of a store whose history can be audited: its sealed rows, page by page. Its positions are 1, 2, 3… with no gap. */
export interface AuditableStore {
  /** The recorded head of the global chain; undefined when nothing was ever appended. */
  sealHead(): Promise<SealHead | undefined>;
  /** The migration seal of history written before sealing, if any. */
  chainOrigin(): Promise<ChainOrigin | undefined>;
  /** Up to `maxCount` sealed rows after `after` (exclusive; undefined: from the first), in position order. */
  readSealedAfter(after: bigint | undefined, maxCount: number): Promise<readonly SealedRow[]>;
  /** Every sealed row of one stream in position order (one stream's history is short). */
  readSealedStream(streamName: string): Promise<readonly SealedRow[]>;
  /**
   * The SQLite file whose `events` table holds these rows, for a second thread to read
   * (read-only) beside this one; undefined for a store without one (in memory, a server).
   */
  auditFile?(): string | undefined;
}

export function isAuditable(store: object): store is AuditableStore {
  const audit = store as Partial<AuditableStore>;
  return typeof audit.readSealedAfter === 'function' && typeof audit.sealHead === 'function';
}

/** A digest an auditor keeps: the head position and global chain, `position:hex`. */
export function formatDigest(head: SealHead): string {
  return `${head.position}:${head.chain.toString('hex')}`;
}

export function parseDigest(text: string): SealHead {
  const match = /^(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  if (!match)
    throw new Error(
      `A digest is POSITION:SHA256HEX (64 hex digits), as "callstream verify --digest" prints it; got "${text}"`,
    );
  return { position: BigInt(match[1]!), chain: Buffer.from(match[2]!, 'hex') };
}
