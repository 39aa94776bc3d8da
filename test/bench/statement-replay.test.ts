import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recording, replay, type Recorded } from '../../src/bench/statement-replay.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * W5's SQLite floor replays what commands made SQLite do on a copy of the store as it was
 * before them. The figure means something only if the replay does that very work: these
 * specs hold it to the recording.
 */
describe('statements recorded, then replayed on a copy of the store as it was', () => {
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

  const rowsOf = (file: string) => {
    const copy = new Database(file, { readonly: true });
    try {
      return copy.prepare('SELECT id, state FROM calls ORDER BY id').all();
    } finally {
      copy.close();
    }
  };
  const changeCopy = (sql: string, ...args: string[]) => {
    const copy = new Database(before);
    copy.prepare(sql).run(...args);
    copy.close();
  };

  it('records every statement with its arguments, transactions included, and replays them to the same rows', async () => {
    const log = await commands();
    expect(log.map((run) => `${run.method} ${run.source.split(' ')[0]}`)).toEqual([
      ...['run BEGIN', 'get SELECT', 'run UPDATE', 'run INSERT', 'run COMMIT'],
      ...['run BEGIN', 'get SELECT', 'run UPDATE', 'run INSERT', 'run COMMIT'],
    ]);
    expect(log[2]!.args).toEqual(['assigned', 'c-1']);
    await replay(before, log.slice(0, 5), log.slice(5));
    expect(rowsOf(before)).toEqual(db.prepare('SELECT id, state FROM calls ORDER BY id').all());
  });

  it('replays the writes alone (transaction control kept, reads left out) to the same rows', async () => {
    const log = await commands();
    const writes = log.filter((run) => run.writes);
    expect(writes.map((run) => run.source.split(' ')[0])).toEqual([
      ...['BEGIN', 'UPDATE', 'INSERT', 'COMMIT'],
      ...['BEGIN', 'UPDATE', 'INSERT', 'COMMIT'],
    ]);
    await replay(before, [], writes);
    expect(rowsOf(before)).toEqual(db.prepare('SELECT id, state FROM calls ORDER BY id').all());
  });

  it('copies arguments as they were bound: an array in order, an object by name, a buffer', async () => {
    db.exec('CREATE TABLE notes (call TEXT, body BLOB)');
    const named = { call: 'c-1', body: Buffer.from('first') };
    const listed = ['c-2', Buffer.from('second')];
    const log = await recording(db, async () => {
      db.prepare('INSERT INTO notes VALUES (@call, @body)').run(named);
      db.prepare('INSERT INTO notes VALUES (?, ?)').run(listed);
    });
    // The caller reuses its objects afterwards: the replay binds what was bound then.
    named.call = 'changed';
    (listed[1] as Buffer).write('xxxxxx');
    db.exec('DELETE FROM notes');
    await replay(files.path, [], log);
    expect(db.prepare('SELECT call, CAST(body AS TEXT) AS body FROM notes').all()).toEqual([
      { call: 'c-1', body: 'first' },
      { call: 'c-2', body: 'second' },
    ]);
  });

  it('records a pragma once, as the statement better-sqlite3 runs for it', async () => {
    const log = await recording(db, async () => {
      db.pragma('user_version = 7');
      db.pragma('data_version', { simple: true });
    });
    expect(log.map((run) => [run.source, run.writes])).toEqual([
      ['PRAGMA user_version = 7', true],
      ['PRAGMA data_version', false],
    ]);
  });

  it('stops when a statement returns other rows on the copy than when recorded', async () => {
    const log = await commands();
    // The copy is no longer the store as it was: the call the commands update is missing.
    changeCopy('DELETE FROM calls WHERE id = ?', 'c-1');
    await expect(replay(before, [], log)).rejects.toThrow(
      /the replay of SELECT state FROM calls WHERE id = \? did otherwise/,
    );
  });

  it('stops when a statement throws on the copy where it did not when recorded', async () => {
    const log = await commands();
    changeCopy('INSERT INTO calls VALUES (?, ?)', 'c-2', 'logged');
    await expect(replay(before, [], log)).rejects.toThrow(
      /the replay of INSERT INTO calls VALUES \(\?, \?\) threw where the command did not/,
    );
  });

  it('replays a statement that threw when recorded, and stops if it no longer throws', async () => {
    const insert = 'INSERT INTO calls VALUES (?, ?)';
    const log = await recording(db, async () => {
      expect(() => db.prepare(insert).run('c-1', 'again')).toThrow(/UNIQUE/);
    });
    expect(log.map((run) => [run.source, run.threw])).toEqual([[insert, true]]);
    await replay(before, [], log);
    changeCopy('DELETE FROM calls WHERE id = ?', 'c-1');
    await expect(replay(before, [], log)).rejects.toThrow(/did not throw where the command did/);
  });

  describe('an iterator', () => {
    const iterated = (stopAfter?: number): Promise<Recorded[]> =>
      recording(db, async () => {
        let taken = 0;
        for (const _ of db.prepare('SELECT id FROM calls ORDER BY id').iterate()) {
          if (++taken === stopAfter) break;
        }
      });

    it('taken to its end: a copy with a row more stops the replay', async () => {
      db.prepare('INSERT INTO calls VALUES (?, ?)').run('c-2', 'logged');
      db.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(files.path, before);
      const log = await iterated();
      expect(log.map((run) => [run.rows, run.ended])).toEqual([[2, true]]);
      await replay(before, [], log);
      changeCopy('INSERT INTO calls VALUES (?, ?)', 'c-3', 'logged');
      await expect(replay(before, [], log)).rejects.toThrow(/did otherwise/);
    });

    it('left early: rows the run never looked at do not matter', async () => {
      db.prepare('INSERT INTO calls VALUES (?, ?)').run('c-2', 'logged');
      db.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(files.path, before);
      const log = await iterated(1);
      expect(log.map((run) => [run.rows, run.ended])).toEqual([[1, false]]);
      changeCopy('INSERT INTO calls VALUES (?, ?)', 'c-3', 'logged');
      await replay(before, [], log);
      changeCopy('DELETE FROM calls');
      await expect(replay(before, [], log)).rejects.toThrow(/did otherwise/);
    });
  });

  it('refuses a statement on another connection: a replay runs on one', async () => {
    const other = new Database(':memory:');
    try {
      await expect(
        recording(db, async () => {
          other.prepare('SELECT 1').get();
        }),
      ).rejects.toThrow(/the replay runs on one connection/);
    } finally {
      other.close();
    }
  });
});
