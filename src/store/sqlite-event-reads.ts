import type Database from 'better-sqlite3';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from './port.js';

export const PAGE = 1000;

const COLUMNS = 'position, event_id, stream, revision, type, data, metadata, recorded_at';

/**
 * The events of some types (a JSON array) after a position, in order: SQLite walks the
 * table by position and reads only the other rows' type, neither copying nor parsing them.
 */
export const SELECT_OF_TYPES = `SELECT ${COLUMNS} FROM events WHERE position > ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`;

/** An event row as stored, its columns in the order the reads select them. */
export type StoredEventRow = [
  position: number | bigint,
  eventId: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: number,
];

/** The event store's reads: a stream forwards or backwards, everything in global order, in pages. */
export class SqliteEventReads {
  private readonly selectForwards: Database.Statement<[string, number, number]>;
  private readonly selectForwardsPage: Database.Statement<[string, number]>;
  private readonly selectBackwards: Database.Statement<[string, number, number]>;
  private readonly selectAll: Database.Statement<[number, number]>;
  private readonly selectOfTypes: Database.Statement<[number, string, number]>;
  /** Each set of types as the JSON array the typed read binds, made once per set. */
  private readonly typeLists = new WeakMap<ReadonlySet<string>, string>();
  private readonly selectStreamOfEvent: Database.Statement<[string], { stream: string }>;

  constructor(db: Database.Database) {
    this.selectForwards = db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    // A constant LIMIT plans faster than a bound one: a quarter of a short stream's load.
    this.selectForwardsPage = db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ${PAGE}`,
      )
      .raw();
    this.selectBackwards = db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw();
    this.selectAll = db
      .prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw();
    this.selectOfTypes = db.prepare(SELECT_OF_TYPES).raw();
    this.selectStreamOfEvent = db.prepare('SELECT stream FROM events WHERE event_id = ?');
  }

  /** The stream an event id is stored in (the event_id column is unique, so indexed). */
  streamOfEvent(eventId: string): string | undefined {
    return this.selectStreamOfEvent.get(eventId)?.stream;
  }

  async *readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from =
      options.fromRevision === undefined
        ? backwards
          ? Number.MAX_SAFE_INTEGER
          : 0
        : Number(options.fromRevision);
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = (backwards ? this.selectBackwards : this.selectForwards).all(
        streamName,
        from,
        limit,
      ) as StoredEventRow[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      if (backwards) from = rows[rows.length - 1]![3] - 1;
      else from = rows[rows.length - 1]![3] + 1;
    }
  }

  /** Up to `maxCount` events of a stream from `fromRevision` on, at once: rehydration folds them without a promise per event. */
  readStreamPage(streamName: string, fromRevision: bigint, maxCount: number): RecordedEvent[] {
    const rows =
      maxCount === PAGE
        ? this.selectForwardsPage.all(streamName, Number(fromRevision))
        : this.selectForwards.all(streamName, Number(fromRevision), maxCount);
    return (rows as StoredEventRow[]).map(toRecorded);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let after = options.fromPosition === undefined ? 0 : Number(options.fromPosition) - 1;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = this.selectAll.all(after, limit) as StoredEventRow[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      after = Number(rows[rows.length - 1]![0]);
    }
  }

  /** Pages of raw rows in global order: the fastest way to replay, used by projections and the benchmark. */
  readPageAfter(
    after: bigint | undefined,
    maxCount: number,
    types?: ReadonlySet<string>,
  ): RecordedEvent[] {
    const from = after === undefined ? 0 : Number(after);
    const rows =
      types === undefined
        ? this.selectAll.all(from, maxCount)
        : this.selectOfTypes.all(from, this.typeList(types), maxCount);
    return (rows as StoredEventRow[]).map(toRecorded);
  }

  private typeList(types: ReadonlySet<string>): string {
    let list = this.typeLists.get(types);
    if (list === undefined) this.typeLists.set(types, (list = JSON.stringify([...types])));
    return list;
  }
}

export function toRecorded(row: StoredEventRow): RecordedEvent {
  return {
    position: BigInt(row[0]),
    id: row[1],
    streamName: row[2],
    revision: BigInt(row[3]),
    type: row[4],
    data: JSON.parse(row[5]) as RecordedEvent['data'], // stored by append() from JSON
    metadata: JSON.parse(row[6]) as RecordedEvent['metadata'],
    recordedAt: new Date(row[7]),
  };
}
