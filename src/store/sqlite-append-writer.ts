import type Database from 'better-sqlite3';
import { EventIdConflict, WrongExpectedRevision } from './errors.js';
import { checkedAppend, expectationHolds, retryMatches } from './expectation.js';
import {
  NO_STREAM_REVISION,
  type AppendOptions,
  type AppendResult,
  type EventToAppend,
  type StreamAppend,
} from './port.js';
import { GENESIS, chainHash, streamHash } from './seal.js';
import type { StoredEventRow } from './sqlite-event-reads.js';

/**
 * Writes one append inside a transaction already open: checks the expected revision,
 * recognises a retry of an append already stored, inserts the events with their seal (the
 * stream's hash chain and the global chain) and moves the seal's head, which `finish` writes
 * before the transaction commits.
 */
export class SqliteAppendWriter {
  /**
   * The rows this transaction has written, in position order (its appends' savepoints that
   * rolled back taken out): an inline fold inside the append reads them here, not back from
   * the table. Emptied by the store when the transaction ends; kept only when `keepWritten`.
   */
  readonly written: StoredEventRow[] = [];
  keepWritten = false;
  /**
   * The seal's head as this transaction's appends moved it (undefined until one does), written
   * once when the transaction ends (`finish`): a group commit moves one row once, not once per append.
   */
  private head: SealHeadRow | undefined;
  private readonly selectLast: Database.Statement<
    [string],
    { revision: number; hash: Buffer | null }
  >;
  private readonly selectSealHead: Database.Statement<[], SealHeadRow>;
  private readonly updateSealHead: Database.Statement<[number, Buffer]>;
  private readonly insertEvent: Database.Statement;
  private readonly selectById: Database.Statement<[string], { stream: string; revision: number }>;
  private readonly selectStreamIds: Database.Statement<
    [string, number, number],
    { event_id: string; revision: number; position: number }
  >;
  private readonly selectHead: Database.Statement<[], { position: number | null }>;

  constructor(
    db: Database.Database,
    private readonly seal: boolean,
  ) {
    // The stream's revision and hash come from the (stream, revision) index inside the append's
    // own transaction: one page fewer to write per commit than a separate table of streams.
    this.selectLast = db.prepare(
      'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    );
    this.selectSealHead = db.prepare('SELECT position, chain FROM seal_head WHERE id = 1');
    this.updateSealHead = db.prepare(
      'INSERT INTO seal_head (id, position, chain) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position, chain = excluded.chain',
    );
    this.insertEvent = db.prepare(
      'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, hash, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectById = db.prepare('SELECT stream, revision FROM events WHERE event_id = ?');
    this.selectStreamIds = db.prepare(
      'SELECT event_id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    this.selectHead = db.prepare('SELECT max(position) AS position FROM events');
  }

  /** One append inside the open transaction. Throws (rolling back its savepoint) when it must not happen. */
  apply(append: StreamAppend, recordedAt: number): AppendResult {
    const { streamName, events, expectedRevision: expected } = checkedAppend(append);
    const last = this.selectLast.get(streamName);
    const actual = last === undefined ? NO_STREAM_REVISION : BigInt(last.revision);
    if (!expectationHolds(expected, actual)) {
      const retry = this.findRetry(streamName, events, expected);
      if (retry) return retry;
      throw new WrongExpectedRevision(streamName, expected, actual);
    }
    if (events.length === 0) {
      const head = this.selectHead.get()!.position;
      return { nextExpectedRevision: actual, position: BigInt(head ?? 0) };
    }
    let revision = Number(actual);
    // The chains continue from what is stored, read in this transaction: an append by another
    // process, or an earlier one of this group commit, is already there.
    const head = this.seal ? (this.head ?? this.selectSealHead.get()) : undefined;
    let position = head ? head.position : (this.selectHead.get()!.position ?? 0);
    let hash = last?.hash ?? GENESIS; // an event stored before sealing: its stream chains on from GENESIS
    let chain = head?.chain ?? GENESIS;
    for (const event of events) {
      revision += 1;
      position = position + 1;
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      if (this.seal) {
        hash = streamHash(hash, {
          id: event.id,
          streamName,
          revision: BigInt(revision),
          type: event.type,
          data,
          metadata,
        });
        chain = chainHash(chain, BigInt(position), hash);
      }
      const row: StoredEventRow = [
        position,
        event.id,
        streamName,
        revision,
        event.type,
        data,
        metadata,
        recordedAt,
      ];
      try {
        this.insertEvent.run(...row, this.seal ? hash : null, this.seal ? chain : null);
        if (this.keepWritten) this.written.push(row);
      } catch (error) {
        if (isUniqueEventId(error)) {
          const retry = this.findRetry(streamName, events, expected);
          if (retry) throw new RetryFound(retry);
          throw new EventIdConflict(event.id, streamName);
        }
        throw error;
      }
    }
    if (this.seal) this.head = { position, chain };
    return { nextExpectedRevision: BigInt(revision), position: BigInt(position) };
  }

  /** What this transaction has written so far: an append rolled back to its savepoint is undone by `rollBackTo`. */
  mark(): WriterMark {
    return { written: this.written.length, head: this.head };
  }

  rollBackTo(mark: WriterMark): void {
    this.written.length = mark.written;
    this.head = mark.head;
  }

  /** Writes the seal's head where this transaction's appends left it: once, before it commits. */
  finish(): void {
    if (this.head) this.updateSealHead.run(this.head.position, this.head.chain);
    this.head = undefined;
  }

  /** The transaction ended, committed or not: nothing of it is kept for the next. */
  reset(): void {
    this.written.length = 0;
    this.head = undefined;
  }

  private findRetry(
    streamName: string,
    events: readonly EventToAppend[],
    expected: AppendOptions['expectedRevision'],
  ): AppendResult | undefined {
    const first = events[0] && this.selectById.get(events[0].id);
    if (first?.stream !== streamName || !retryMatches(expected, BigInt(first.revision)))
      return undefined;
    const stored = this.selectStreamIds.all(streamName, first.revision, events.length);
    if (stored.length !== events.length || stored.some((row, i) => row.event_id !== events[i]!.id))
      return undefined;
    const last = stored[stored.length - 1]!;
    return {
      nextExpectedRevision: BigInt(last.revision),
      position: BigInt(last.position),
      alreadyStored: true,
    };
  }
}

interface SealHeadRow {
  readonly position: number;
  readonly chain: Buffer;
}

/** Where a transaction's writing stood before an append (see SqliteAppendWriter.mark). */
export interface WriterMark {
  readonly written: number;
  readonly head: SealHeadRow | undefined;
}

/** Carries an idempotent result out of a savepoint that must still be rolled back. */
export class RetryFound extends Error {
  constructor(readonly result: AppendResult) {
    super('append already stored');
  }
}

function isUniqueEventId(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('events.event_id')
  );
}
