import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recording, replay } from '../../src/bench/sqlite-floor.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * W5's SQLite floor replays what commands made SQLite do on a copy of the store as it was
 * before them. The figure means something only if the replay does that very work: these
 * specs hold it to the recording.
 */
describe('the SQLite floor: recorded statements replayed on a copy', () => {
  let files: ReturnType<typeof temporaryDatabase>;
  let db: Database.Database;
  let before: string;

  beforeEach(() => {
    files = temporaryDatabase('store.db');
    db = new Database(files.path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE calls (id TEXT PRIMARY KEY, state TEXT NOT NULL)');
    db.prepare('INSERT INTO calls VALUES (?, ?)').run('c-1', 'logged');
    db.pragma('wal_checkpoint(TRUNCATE)');
    before = join(files.dir, 'before.db');
    copyFileSync(files.path, before);
  });
  afterEach(() => {
    if (db.open) db.close();
    files.remove();
  });

  /** Two commands' worth: a read, an update, an insert, each in its own transaction. */
  const commands = () =>
    recording(db, async (sofar) => {
      const read = db.prepare('SELECT state FROM calls WHERE id = ?');
      const write = db.transaction((id: string, state: string) => {
        read.get('c-1');
        db.prepare('UPDATE calls SET state = ? WHERE id = ?').run(state, 'c-1');
        db.prepare('INSERT INTO calls VALUES (?, ?)').run(id, 'logged');
      });
      write.immediate('c-2', 'assigned');
      expect(sofar()).toBe(5); // BEGIN IMMEDIATE, SELECT, UPDATE, INSERT, COMMIT
      write.immediate('c-3', 'resolved');
    });

  it('records every statement with its arguments, transactions included, and replays them to the same rows', async () => {
    const log = await commands();
    expect(log.map((run) => `${run.method} ${run.source.split(' ')[0]}`)).toEqual([
      ...['run BEGIN', 'get SELECT', 'run UPDATE', 'run INSERT', 'run COMMIT'],
      ...['run BEGIN', 'get SELECT', 'run UPDATE', 'run INSERT', 'run COMMIT'],
    ]);
    expect(log[2]!.args).toEqual(['assigned', 'c-1']);
    const seconds = await replay(before, log.slice(0, 5), log.slice(5));
    expect(seconds).toBeGreaterThan(0);
    const copy = new Database(before, { readonly: true });
    const rows = copy.prepare('SELECT id, state FROM calls ORDER BY id').all();
    copy.close();
    expect(rows).toEqual(db.prepare('SELECT id, state FROM calls ORDER BY id').all());
  });

  it('stops when a statement does otherwise on the copy than it did when recorded', async () => {
    const log = await commands();
    // The copy is no longer the store as it was: the call the commands update is missing.
    const copy = new Database(before);
    copy.prepare('DELETE FROM calls WHERE id = ?').run('c-1');
    copy.close();
    await expect(replay(before, [], log)).rejects.toThrow(
      /the replay of SELECT state FROM calls WHERE id = \? did otherwise/,
    );
  });

  it('stops when a statement throws on the copy where it did not when recorded', async () => {
    const log = await commands();
    const copy = new Database(before);
    copy.prepare('INSERT INTO calls VALUES (?, ?)').run('c-2', 'logged');
    copy.close();
    await expect(replay(before, [], log)).rejects.toThrow(
      /the replay of INSERT INTO calls VALUES \(\?, \?\) threw where the command did not/,
    );
  });

  it("refuses a statement on another connection: the floor replays the store's alone", async () => {
    const other = new Database(':memory:');
    try {
      await expect(
        recording(db, async () => {
          other.prepare('SELECT 1').get();
        }),
      ).rejects.toThrow(/the floor replays the store's connection alone/);
    } finally {
      other.close();
    }
  });
});
