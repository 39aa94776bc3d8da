import Database from 'better-sqlite3';
import {
  GENESIS,
  chainHash,
  streamHash,
  type ChainOrigin,
  type SealHead,
  type SealedRow,
} from './seal.js';

/**
 * The SQLite side of the seal (see seal.ts): the schema that holds it, the migration that
 * seals files written before it, and the reads an audit makes.
 *
 * - `events.hash` / `events.chain`: each event's stream hash and global chain, written in
 *   the append's own transaction (positions are assigned there, so the chain follows them
 *   exactly, group commit included).
 * - `seal_head`: the global chain's head, moved by every transaction that appends (once for a
 *   group commit), so a cut tail shows.
 * - `chain_origin`: written once by the migration of an older file: the events through its
 *   position predate sealing and keep no seal of their own (they are never rewritten); the
 *   chain recorded over them then is what later events chain from.
 * - Triggers refuse UPDATE and DELETE on events: they stop an accidental edit by a tool
 *   loudly. Anyone can drop a trigger; it is the chain that shows an intended edit.
 */

const NEVER_CHANGED =
  'callstream: stored events are never changed or deleted (history is append-only, see docs/stores.md)';

export const SEAL_SCHEMA = `
ALTER TABLE events ADD COLUMN hash BLOB;
ALTER TABLE events ADD COLUMN chain BLOB;
CREATE TABLE seal_head (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL,
  chain    BLOB    NOT NULL
);
CREATE TABLE chain_origin (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  position    INTEGER NOT NULL,
  chain       BLOB    NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE TRIGGER events_never_updated BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, '${NEVER_CHANGED}'); END;
CREATE TRIGGER events_never_deleted BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, '${NEVER_CHANGED}'); END;
CREATE TRIGGER chain_origin_never_changed BEFORE UPDATE ON chain_origin BEGIN SELECT RAISE(ABORT, '${NEVER_CHANGED}'); END;
`;

type LegacyRow = [
  position: number,
  eventId: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
];

/**
 * Seals a file written before sealing: adds the columns and tables, then records (never
 * rewrites) the global chain over the events already stored. Runs inside the caller's
 * transaction.
 */
export function sealExistingHistory(db: Database.Database, now: number): void {
  db.exec(SEAL_SCHEMA);
  let chain = GENESIS;
  let position = 0;
  const rows = db
    .prepare(
      'SELECT position, event_id, stream, revision, type, data, metadata FROM events ORDER BY position',
    )
    .raw()
    .iterate() as IterableIterator<LegacyRow>;
  for (const [at, id, streamName, revision, type, data, metadata] of rows) {
    const hash = streamHash(GENESIS, {
      id,
      streamName,
      revision: BigInt(revision),
      type,
      data,
      metadata,
    });
    chain = chainHash(chain, BigInt(at), hash);
    position = at;
  }
  if (position === 0) return;
  db.prepare('INSERT INTO chain_origin (id, position, chain, recorded_at) VALUES (1, ?, ?, ?)').run(
    position,
    chain,
    now,
  );
  db.prepare('INSERT INTO seal_head (id, position, chain) VALUES (1, ?, ?)').run(position, chain);
}

type SealedDbRow = [
  position: number,
  eventId: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  hash: string,
  chain: string,
];
// The seals as hex text ('' where there is none): an audit compares text, and a string
// costs better-sqlite3 far less than a Buffer per row. SQLite's hex() is upper case; it is
// lowered here, where it costs a fifth of SQL's lower() (measured on 200,000 rows).
const SEALED_COLUMNS =
  'position, event_id, stream, revision, type, data, metadata, hex(hash), hex(chain)';
const STREAM_COLUMNS = "position, event_id, stream, revision, type, data, metadata, hex(hash), ''";

/**
 * The audit's reads on a connection of their own, read-only, for a scan of the whole file
 * in position order: its pages are mapped rather than read with a call each (about a tenth
 * of a walk's time per event). The store's own connection stays unmapped: a disk's I/O
 * error under a mapping is a signal, not an error, and only an audit's scan gains enough
 * to take that.
 */
export function openAuditReads(file: string): { reads: SqliteSealReads; close: () => void } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma(`mmap_size = ${2 ** 31}`);
  return { reads: new SqliteSealReads(db), close: () => db.close() };
}

/** The audit's reads on a SQLite event store. */
export class SqliteSealReads {
  private readonly selectAfter: Database.Statement<[number, number]>;
  private readonly selectStream: Database.Statement<[string]>;
  private readonly selectHead: Database.Statement<[], { position: number; chain: Buffer }>;
  private readonly selectLastUpTo: Database.Statement<[number]>;
  private readonly selectOrigin: Database.Statement<
    [],
    { position: number; chain: Buffer; recorded_at: number }
  >;

  constructor(db: Database.Database) {
    this.selectAfter = db
      .prepare(`SELECT ${SEALED_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw();
    // The stream check needs no global chain.
    this.selectStream = db
      .prepare(`SELECT ${STREAM_COLUMNS} FROM events WHERE stream = ? ORDER BY position`)
      .raw();
    this.selectHead = db.prepare('SELECT position, chain FROM seal_head WHERE id = 1');
    this.selectLastUpTo = db
      .prepare(
        'SELECT position, hex(chain) FROM events WHERE position <= ? ORDER BY position DESC LIMIT 1',
      )
      .raw();
    this.selectOrigin = db.prepare(
      'SELECT position, chain, recorded_at FROM chain_origin WHERE id = 1',
    );
  }

  sealHead(): SealHead | undefined {
    const head = this.selectHead.get();
    return head && { position: BigInt(head.position), chain: head.chain };
  }

  chainOrigin(): ChainOrigin | undefined {
    const origin = this.selectOrigin.get();
    return (
      origin && {
        position: BigInt(origin.position),
        chain: origin.chain,
        recordedAt: new Date(origin.recorded_at),
      }
    );
  }

  after(after: bigint | undefined, maxCount: number): SealedRow[] {
    return (
      this.selectAfter.all(after === undefined ? 0 : Number(after), maxCount) as SealedDbRow[]
    ).map(toSealed);
  }

  /** The last event at or before `position`: its position and stored chain (hex, '' for none). */
  lastUpTo(position: bigint): { position: bigint; chain: string } | undefined {
    const row = this.selectLastUpTo.get(Number(position)) as [number, string] | undefined;
    return row && { position: BigInt(row[0]), chain: row[1].toLowerCase() };
  }

  /** In position order, not revision order: a reordered stream must show as one. */
  stream(streamName: string): SealedRow[] {
    return (this.selectStream.all(streamName) as SealedDbRow[]).map(toSealed);
  }
}

function toSealed(row: SealedDbRow): SealedRow {
  return {
    position: BigInt(row[0]),
    id: row[1],
    streamName: row[2],
    revision: BigInt(row[3]),
    type: row[4],
    data: row[5],
    metadata: row[6],
    hash: row[7] === '' ? null : row[7].toLowerCase(),
    chain: row[8] === '' ? null : row[8].toLowerCase(),
  };
}
