import { EventIdConflict } from '../store/errors.js';
import { digestText } from '../store/hashing.js';
import { CommandIdReused } from './errors.js';
import { nameUuid } from '../streams/index.js';
import { COMMAND_RECEIPT_STREAM_PREFIX } from '../domain/index.js';

/**
 * Idempotency by command id: a command id names one command forever. Sent again with the
 * same content it is answered from what it recorded then, whatever changed since; sent with
 * other content it is a client defect (CommandIdReused), never silently the first result.
 */

/** Envelope fields that describe the conversation, not the command: a resend may differ in them. */
const CONVERSATION = new Set(['commandId', 'correlationId', 'causationId']);

/**
 * The fingerprint of a validated command: its type, actor, instant (when given) and payload,
 * in a canonical JSON (keys sorted, instants as ISO strings), hashed. Recorded in the
 * metadata of every event the command writes, so the store itself says what a command id meant.
 */
export function commandDigest(command: object): string {
  return digestText('sha256', canonical(command, true), 'base64url').slice(0, 27);
}

/** JSON.stringify as it behaves: undefined for undefined, a function or a symbol. */
const jsonText = (value: unknown): string | undefined => JSON.stringify(value);

/**
 * Keys sorted, undefined members left out, instants as ISO text: the same text for the same
 * command forever (recorded digests are compared with resends), built by concatenation
 * because it runs on every command.
 */
function canonical(value: unknown, top = false): string {
  if (value === null || typeof value !== 'object') return jsonText(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString()); // whatever a subclass makes of it
  if (Array.isArray(value)) {
    // A hole stays empty, as the join of a map left it in the first digests.
    let text = '[';
    for (let i = 0; i < value.length; i++)
      text += (i === 0 ? '' : ',') + (i in value ? canonical(value[i]) : '');
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '';
  for (const key of sortedKeys(record)) {
    const member = record[key];
    if (member === undefined || (top && CONVERSATION.has(key))) continue;
    text += `${text === '' ? '' : ','}${quotedKey(key)}:${canonical(member)}`;
  }
  return `{${text}}`;
}

/** A record's keys in the order `sort()` gives strings (UTF-16 code units): an insertion sort, as a command's records hold a handful. */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * Keys as JSON text, remembered: commands name the same few fields again and again. Bounded,
 * since a record's keys may be a caller's data; past the bound a key is quoted each time.
 */
const QUOTED_KEYS = new Map<string, string>();
const QUOTED_KEYS_HELD = 4096;
function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < QUOTED_KEYS_HELD) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * What a resend must match. Events recorded before digests existed carry none: for them only
 * the command type can be compared, as it always was.
 */
export function ensureSameCommand(
  commandId: string,
  recorded: { readonly commandType: string; readonly commandDigest?: string },
  resent: {
    readonly commandType: string;
    readonly commandDigest?: string;
    readonly givenDigest?: () => string;
  },
): void {
  if (recorded.commandType !== resent.commandType)
    throw new CommandIdReused(commandId, recorded.commandType, resent.commandType);
  if (
    recorded.commandDigest !== undefined &&
    resent.commandDigest !== undefined &&
    recorded.commandDigest !== resent.commandDigest &&
    recorded.commandDigest !== resent.givenDigest?.()
  ) {
    throw new CommandIdReused(commandId, recorded.commandType, resent.commandType, 'payload');
  }
}

/**
 * The id of the first event a command records on the stream it acts on: a function of the
 * command id alone. The embedded stores refuse an event id already stored in any stream, so
 * the same command id sent for another call, customer or request is refused by the store
 * itself, in the append's own transaction (EventStoreDB only recognises ids within a stream).
 */
export function commandMarkerId(commandId: string): string {
  return nameUuid(`${commandId}/command`);
}

/** The stream of the receipt of a command that changed nothing (command-receipts.ts), named by its marker. */
export const receiptStreamOf = (commandId: string): string =>
  `${COMMAND_RECEIPT_STREAM_PREFIX}${commandMarkerId(commandId)}`;

/** The store refused the command's marker: its id already names a command on another stream. */
export function reusedElsewhere(error: unknown, commandId: string, commandType: string): unknown {
  if (error instanceof EventIdConflict && error.eventId === commandMarkerId(commandId))
    return new CommandIdReused(commandId, 'a command on another stream', commandType, 'target');
  return error;
}

/**
 * The envelope of a step a command runs on its own (an automatic acceptance, the call an
 * acceptance logs): its own command id, and no digest, since no client ever sends it.
 */
export function derivedEnvelope<E extends { readonly commandDigest?: string }>(
  envelope: E,
  fields: Partial<E>,
): E {
  const {
    commandDigest: _digest,
    givenDigest: _given,
    ...rest
  } = envelope as E & {
    readonly givenDigest?: () => string;
  };
  return { ...rest, ...fields } as E;
}

/**
 * Executions of one command id run one after another within a process: the second finds what
 * the first recorded and answers `duplicate: true`. Across processes, the store's answer to an
 * append it already holds (`alreadyStored`) says the same.
 */
export class OneAtATime {
  private readonly running = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.running.get(key);
    const current = before ? before.then(work, work) : work();
    this.running.set(key, current);
    const forget = () => {
      if (this.running.get(key) === current) this.running.delete(key);
    };
    current.then(forget, forget);
    return current;
  }
}
