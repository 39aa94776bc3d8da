import type Database from 'better-sqlite3';
import type { Checkpoint, ProjectionBatch } from '../types.js';

/** The checkpoints of read models in SQLite (rm_checkpoints: one row per projection or reactor). */
export class SqliteCheckpoints {
  private readonly selectOne: Database.Statement<
    [string],
    { position: string; version: number; anchor: string | null }
  >;
  private readonly selectAll: Database.Statement<[], [string, string, number, string | null]>;
  /** One upsert per number of rows it writes, prepared when first needed. */
  private readonly upserts = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.selectOne = db.prepare(
      'SELECT position, version, anchor FROM rm_checkpoints WHERE projection = ?',
    );
    // A handful of rows: read whole, in one statement, where an inline fold asks on every command.
    this.selectAll = db
      .prepare<[], [string, string, number, string | null]>(
        'SELECT projection, position, version, anchor FROM rm_checkpoints',
      )
      .raw();
  }

  get(projection: string): Checkpoint | undefined {
    const row = this.selectOne.get(projection);
    return row ? checkpointOf(row.position, row.version, row.anchor) : undefined;
  }

  all(): Map<string, Checkpoint> {
    const stored = new Map<string, Checkpoint>();
    for (const [projection, position, version, anchor] of this.selectAll.all())
      stored.set(projection, checkpointOf(position, version, anchor));
    return stored;
  }

  /**
   * Moves each batch's projection to the batch's position and version, in one statement
   * (an inline fold writes every projection's checkpoint on every command). The rows are
   * bound as values: half the cost of passing them as JSON through json_each. Positions are
   * text, since they may pass 2^53.
   */
  write(batches: readonly ProjectionBatch[]): void {
    if (batches.length === 0) return;
    const values: unknown[] = [];
    for (const b of batches)
      values.push(
        b.projection,
        b.position.toString(),
        b.version,
        b.anchor ? `${b.anchor.position}:${b.anchor.id}` : null,
      );
    this.upsertOf(batches.length).run(values);
  }

  private upsertOf(rows: number): Database.Statement {
    let upsert = this.upserts.get(rows);
    if (!upsert) {
      upsert = this.db.prepare(
        `INSERT INTO rm_checkpoints (projection, position, version, anchor) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ')} ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version, anchor = coalesce(excluded.anchor, anchor)`,
      );
      this.upserts.set(rows, upsert);
    }
    return upsert;
  }
}

/** A stored row as a checkpoint; its anchor, `position:id`, where one was written. */
function checkpointOf(position: string, version: number, anchor: string | null): Checkpoint {
  const at = anchor?.indexOf(':') ?? -1;
  return at > 0
    ? {
        position: BigInt(position),
        version,
        anchor: { position: BigInt(anchor!.slice(0, at)), id: anchor!.slice(at + 1) },
      }
    : { position: BigInt(position), version };
}
