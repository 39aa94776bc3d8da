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

/** An event id that is already stored elsewhere: not a retry of the same append. */
export class EventIdConflict extends Error {
  readonly code = 'EventIdConflict';
  constructor(
    readonly eventId: string,
    readonly streamName: string,
  ) {
    super(
      `Event id ${eventId} is already stored and this append to "${streamName}" is not a retry of it`,
    );
    this.name = 'EventIdConflict';
  }
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
