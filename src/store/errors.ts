import type { ExpectedRevision } from './port.js';

const describe = (revision: ExpectedRevision | bigint): string =>
  typeof revision === 'bigint' ? revision.toString() : revision;

/** An append whose expectation did not hold. Nothing was written. */
export class WrongExpectedRevision extends Error {
  readonly code = 'WrongExpectedRevision';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event; -1n when the stream does not exist. */
    readonly actual: bigint,
  ) {
    super(
      `Stream "${streamName}" was expected at revision ${describe(expected)} but is at ${actual < 0n ? 'no_stream' : actual.toString()}`,
    );
    this.name = 'WrongExpectedRevision';
  }
}

/**
 * An event id that is already stored elsewhere (not a retry of the same append), or that the
 * append itself gives to more than one of its events (`withinAppend`). Nothing was written.
 */
export class EventIdConflict extends Error {
  readonly code = 'EventIdConflict';
  constructor(
    readonly eventId: string,
    readonly streamName: string,
    /** True when the append repeats the id among its own events: refused by every store. */
    readonly withinAppend = false,
  ) {
    super(
      withinAppend
        ? `Event id ${eventId} is given to more than one event of this append to "${streamName}": an event id names one event`
        : `Event id ${eventId} is already stored and this append to "${streamName}" is not a retry of it`,
    );
    this.name = 'EventIdConflict';
  }
}

/**
 * An append whose expected revision is none the port knows: not a bigint, a safe
 * non-negative integer number or 'any', 'no_stream', 'stream_exists'. Nothing was written.
 */
export class InvalidExpectedRevision extends TypeError {
  readonly code = 'InvalidExpectedRevision';
  constructor(
    readonly streamName: string,
    /** What the append was given. */
    readonly given: unknown,
  ) {
    super(
      `The expected revision of an append to "${streamName}" is ${shown(given)}: give a revision as a bigint (0n, 1n, …) or a safe non-negative integer number, or 'any', 'no_stream' or 'stream_exists'`,
    );
    this.name = 'InvalidExpectedRevision';
  }
}

/** A value as a message names it: a string quoted, so "0" is not mistaken for 0. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

/** Stored history that is not what was appended (an event missing, out of order, changed): nothing built on it is trusted. */
export class CorruptedHistory extends Error {
  readonly code = 'CorruptedHistory';
  constructor(
    readonly streamName: string | undefined,
    readonly revision: bigint | undefined,
    /** What is wrong, in words. */
    readonly problem: string,
  ) {
    super(
      `Corrupted history${streamName === undefined ? '' : ` in stream "${streamName}"`}${revision === undefined ? '' : ` at revision ${revision}`}: ${problem} (run "callstream verify" for every break)`,
    );
    this.name = 'CorruptedHistory';
  }
}

/** An append to a store opened for reading only (`readOnly`): an audit's copy is never written. Nothing was written. */
export class StoreReadOnly extends Error {
  readonly code = 'StoreReadOnly';
  constructor(readonly fileName: string) {
    super(
      `${fileName} is open for reading only: nothing is written to it (open it without readOnly, from a file and folder you may write, to record commands)`,
    );
    this.name = 'StoreReadOnly';
  }
}

/**
 * A read-only file whose write-ahead log holds transactions not yet in the file, in a folder
 * where SQLite cannot make the shared-memory index it needs to read that log.
 */
export class WalUnreadable extends Error {
  readonly code = 'WalUnreadable';
  constructor(readonly fileName: string) {
    super(
      `${fileName}-wal holds transactions not yet copied into ${fileName}, and SQLite can read them only with a ${fileName}-shm it cannot make in that read-only folder: copy both files to a folder you may write and open the copy`,
    );
    this.name = 'WalUnreadable';
  }
}
