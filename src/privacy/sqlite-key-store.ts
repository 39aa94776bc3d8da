import type Database from 'better-sqlite3';
import { truncateWal } from '../store/sqlite-wal-truncate.js';
import { newKey } from './cipher.js';
import type { DestroyOutcome, KeyState, KeyStore } from './key-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS person_keys (
  subject      TEXT    PRIMARY KEY,
  key          BLOB,
  created_at   INTEGER NOT NULL,
  forgotten_at INTEGER
) WITHOUT ROWID;
`;
/** Added later: a file opened for reading only (an auditor's copy) may lack it, and counts without it. */
const FORGOTTEN_INDEX =
  'CREATE INDEX IF NOT EXISTS person_keys_forgotten ON person_keys (forgotten_at) WHERE forgotten_at IS NOT NULL';

/** One look-up for a page's subjects, each found by the primary key (a JSON array of ids). */
export const SELECT_MANY =
  'SELECT subject, key, created_at, forgotten_at FROM person_keys WHERE subject IN (SELECT value FROM json_each(?))';

/** PRAGMA synchronous reads FULL as 2. */
const FULL = 2;

/** Subjects whose key state is remembered per connection; beyond, the memory starts afresh. */
const REMEMBERED = 10_000;

/**
 * Key states read lately on a connection, valid while `PRAGMA data_version` stays the same:
 * it changes when another connection (another process) commits to the file, which may have
 * destroyed a key; this connection's own destroys update it directly. Shared by every key
 * store on the connection, so one's destroy is seen by the others.
 */
interface Remembered {
  version: number;
  readonly states: Map<string, KeyState | undefined>;
  /** How many subjects are forgotten (undefined: to be counted again). */
  forgettings?: number;
}
const remembered = new WeakMap<Database.Database, Remembered>();

interface Row {
  key: Buffer | null;
  created_at: number;
  forgotten_at: number | null;
}

/**
 * Keys in a table of their own in the callstream file (the embedded default). Destroying a
 * key overwrites it: `secure_delete` zeroes the freed bytes in the page, and a TRUNCATE
 * checkpoint empties the WAL, so no copy of the key is left in the file or its WAL. If the WAL
 * cannot be emptied (another connection keeps checkpointing or reading for seconds), destroy
 * throws WalBusyError after the key is gone from the table: calling it again finishes the job.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly select: Database.Statement<[string], Row>;
  private readonly selectMany: Database.Statement<[string], Row & { subject: string }>;
  private readonly insert: Database.Statement<[string, Buffer, number]>;
  private readonly forget: Database.Statement<[number, string]>;
  private readonly selectSubjects: Database.Statement<[], string>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly countForgotten: Database.Statement<[], number>;
  private readonly wal: boolean;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    db.exec(SCHEMA);
    if (!db.readonly) db.exec(FORGOTTEN_INDEX);
    db.pragma('secure_delete = ON');
    this.wal = db.pragma('journal_mode', { simple: true }) === 'wal';
    this.select = db.prepare(
      'SELECT key, created_at, forgotten_at FROM person_keys WHERE subject = ?',
    );
    this.selectMany = db.prepare(SELECT_MANY);
    this.insert = db.prepare(
      'INSERT INTO person_keys (subject, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING',
    );
    this.forget = db.prepare(
      'UPDATE person_keys SET key = NULL, forgotten_at = ? WHERE subject = ? AND forgotten_at IS NULL',
    );
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    // On the partial index: as many rows read as there are forgotten subjects.
    this.countForgotten = db
      .prepare<[], number>('SELECT count(*) FROM person_keys WHERE forgotten_at IS NOT NULL')
      .pluck();
    if (!remembered.has(db)) remembered.set(db, { version: -1, states: new Map() });
    this.selectSubjects = db
      .prepare<[], string>('SELECT subject FROM person_keys ORDER BY subject')
      .pluck();
  }

  keyFor(subject: string): Buffer | undefined {
    const known = this.get(subject);
    if (known) return known.state === 'active' ? known.key : undefined;
    // Another process may have created it meanwhile: insert if absent, then read what holds.
    this.insertKey(subject);
    const state = this.get(subject)!;
    return state.state === 'active' ? state.key : undefined;
  }

  /**
   * The states remembered on this connection, emptied when another connection committed
   * since. Undefined inside a transaction: what it reads or writes may yet roll back (a key
   * created in a failed append must not be remembered as existing).
   */
  private remembered(): Map<string, KeyState | undefined> | undefined {
    if (this.db.inTransaction) return undefined;
    const memory = remembered.get(this.db)!;
    const version = this.dataVersion.get()!;
    if (version !== memory.version || memory.states.size >= REMEMBERED) {
      memory.states.clear();
      memory.version = version;
      memory.forgettings = undefined;
    }
    return memory.states;
  }

  forgettings(): number {
    if (this.db.inTransaction) return this.countForgotten.get()!;
    this.remembered();
    const memory = remembered.get(this.db)!;
    return (memory.forgettings ??= this.countForgotten.get()!);
  }

  /**
   * A new key is committed without a sync of its own: in WAL mode commits are written in
   * order, so the commit of the first event sealed with it syncs the key too. A key whose
   * event never commits may be lost on power loss: nothing was sealed with it.
   */
  private insertKey(subject: string): void {
    // Inside a transaction (a linked append's second part) it commits with that transaction anyway.
    const relax =
      this.wal &&
      !this.db.inTransaction &&
      this.db.pragma('synchronous', { simple: true }) === FULL;
    if (relax) this.db.pragma('synchronous = NORMAL');
    try {
      this.insert.run(subject, newKey(), this.now().getTime());
    } finally {
      if (relax) this.db.pragma('synchronous = FULL');
    }
  }

  get(subject: string): KeyState | undefined {
    const memory = this.remembered();
    if (memory?.has(subject)) return memory.get(subject);
    const state = this.read(subject);
    // A subject never seen is not remembered: another store on the connection may create it.
    if (state) memory?.set(subject, state);
    return state;
  }

  getMany(subjects: Iterable<string>): Map<string, KeyState> {
    const memory = this.remembered();
    const found = new Map<string, KeyState>();
    const missing: string[] = [];
    for (const subject of subjects) {
      const known = memory?.get(subject);
      if (known) found.set(subject, known);
      else missing.push(subject);
    }
    if (missing.length === 0) return found;
    for (const row of this.selectMany.all(JSON.stringify(missing))) {
      const state = stateOf(row);
      found.set(row.subject, state);
      memory?.set(row.subject, state);
    }
    return found;
  }

  private read(subject: string): KeyState | undefined {
    const row = this.select.get(subject);
    return row && stateOf(row);
  }

  destroy(subject: string, at: Date): DestroyOutcome {
    // Refused before anything changes: the WAL can only be emptied after the transaction
    // commits, and a destroy rolled back with it would leave the key in place.
    if (this.db.inTransaction)
      throw new Error(
        `a key is destroyed only outside a transaction: its WAL is emptied after the commit (subject ${subject})`,
      );
    const outcome = this.db
      .transaction((): DestroyOutcome => {
        const row = this.select.get(subject);
        if (!row) return 'unknown';
        if (!row.key) return 'already-forgotten';
        this.forget.run(at.getTime(), subject);
        return 'destroyed';
      })
      .immediate();
    const memory = remembered.get(this.db)!;
    memory.states.delete(subject);
    memory.forgettings = undefined;
    // Also when already forgotten: a destroy whose WAL could not be emptied (WalBusyError) is
    // completed by doing it again.
    if (outcome !== 'unknown') truncateWal(this.db);
    return outcome;
  }

  subjects(): string[] {
    return this.selectSubjects.all();
  }

  /** The database belongs to the event store that opened it: it closes it. */
  close(): void {
    // Nothing to release here (see above).
  }
}

function stateOf(row: Row): KeyState {
  if (!row.key)
    return {
      state: 'forgotten',
      createdAt: new Date(row.created_at),
      forgottenAt: new Date(row.forgotten_at ?? row.created_at),
    };
  return { state: 'active', key: row.key, createdAt: new Date(row.created_at) };
}
