import type Database from 'better-sqlite3';
import type { Checkpoint, ProjectionBatch } from '../types.js';

/** The checkpoints of read models in SQLite (rm_checkpoints: one row per projection or reactor). */
export class SqliteCheckpoints {
  private readonly selectOne: Database.Statement<[string], { position: string; version: number }>;
  private readonly selectAll: Database.Statement<[], [string, string, number]>;
  private readonly upsertMany: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare(
      'SELECT position, version FROM rm_checkpoints WHERE projection = ?',
    );
    // A handful of rows: read whole, in one statement, where an inline fold asks on every command.
    this.selectAll = db
      .prepare<[], [string, string, number]>(
        'SELECT projection, position, version FROM rm_checkpoints',
      )
      .raw();
    // A commit's checkpoints in one statement: [[projection, position, version], …] as JSON,
    // the position as text (positions may pass 2^53).
    this.upsertMany = db.prepare(
      'INSERT INTO rm_checkpoints (projection, position, version) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version',
    );
  }

  get(projection: string): Checkpoint | undefined {
    const row = this.selectOne.get(projection);
    return row ? { position: BigInt(row.position), version: row.version } : undefined;
  }

  all(): Map<string, Checkpoint> {
    const stored = new Map<string, Checkpoint>();
    for (const [projection, position, version] of this.selectAll.all())
      stored.set(projection, { position: BigInt(position), version });
    return stored;
  }

  /** Moves each batch's projection to the batch's position and version. */
  write(batches: readonly ProjectionBatch[]): void {
    if (batches.length === 0) return;
    this.upsertMany.run(
      JSON.stringify(batches.map((b) => [b.projection, b.position.toString(), b.version])),
    );
  }
}
