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
    super(`Event id ${eventId} is already stored and this append to "${streamName}" is not a retry of it`);
    this.name = 'EventIdConflict';
  }
}
