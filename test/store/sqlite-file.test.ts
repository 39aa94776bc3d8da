import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import {
  CALLSTREAM_APPLICATION_ID,
  NotACallstreamDatabase,
  sqliteFileKind,
} from '../../src/store/sqlite-file.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

describe('whose SQLite file it is', () => {
  it("the store refuses another application's database before writing a byte, through the library too", async () => {
    const path = join(tmp.dir, 'other.db');
    const other = new Database(path);
    other.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices DEFAULT VALUES;',
    );
    other.close();
    const before = readFileSync(path);
    expect(() => new SqliteEventStore(path)).toThrow(NotACallstreamDatabase);
    await expect(Callstream.open({ file: path })).rejects.toBeInstanceOf(NotACallstreamDatabase);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(sqliteFileKind(path)).toBe('other-application');
  });

  it("marks a new database as callstream's, and still opens one of an earlier version without the mark", async () => {
    const path = join(tmp.dir, 'new.db');
    expect(sqliteFileKind(path)).toBe('missing');
    const store = new SqliteEventStore(path);
    await store.appendToStream(
      's',
      [{ id: crypto.randomUUID(), type: 'Ok', data: {}, metadata: {} }],
      { expectedRevision: 'no_stream' },
    );
    expect(store.db.pragma('application_id', { simple: true })).toBe(CALLSTREAM_APPLICATION_ID);
    store.db.pragma('application_id = 0');
    await store.close();
    expect(sqliteFileKind(path)).toBe('callstream');
    const again = new SqliteEventStore(path);
    expect(await again.headPosition()).toBe(1n);
    await again.close();
  });
});
