import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryKeyStore } from '../../src/privacy/memory-key-store.js';
import { SELECT_MANY, SqliteKeyStore } from '../../src/privacy/sqlite-key-store.js';
import { temporaryDatabase } from '../support/files.js';
import { keyStoreContract } from './key-store-contract.js';

keyStoreContract('memory', () => ({ keys: new MemoryKeyStore(), dispose: () => undefined }));

function openDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return db;
}

keyStoreContract('sqlite', () => {
  const file = temporaryDatabase();
  const dbs = [openDb(file.path)];
  return {
    keys: new SqliteKeyStore(dbs[0]!),
    reopen: () => new SqliteKeyStore(dbs[dbs.push(openDb(file.path)) - 1]!),
    dispose: () => {
      for (const db of dbs) db.close();
      file.remove();
    },
  };
});

describe('SQLite key store: a destroyed key leaves no copy in the file', () => {
  it('neither in the table, nor in a freed page, nor in the WAL after its checkpoint', () => {
    const file = temporaryDatabase();
    const db = openDb(file.path);
    const keys = new SqliteKeyStore(db);
    const key = Buffer.from(keys.keyFor('requester:1')!);
    keys.keyFor('requester:2');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = () =>
      Buffer.concat([
        readFileSync(file.path),
        ...[`${file.path}-wal`].map((p) => {
          try {
            return readFileSync(p);
          } catch {
            return Buffer.alloc(0);
          }
        }),
      ]);
    expect(bytes().includes(key)).toBe(true); // the scan can see a key that is there
    keys.destroy('requester:1', new Date());
    expect(bytes().includes(key)).toBe(false);
    db.close();
    file.remove();
  });
});

describe('SQLite key store: a batch of subjects is found by the primary key', () => {
  it('searches person_keys by subject for each id in the batch, never scanning the table', () => {
    const file = temporaryDatabase();
    const db = openDb(file.path);
    new SqliteKeyStore(db);
    const plan = db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${SELECT_MANY}`)
      .all('["a","b"]')
      .map((row) => row.detail);
    expect(plan).toContain('SEARCH person_keys USING PRIMARY KEY (subject=?)');
    expect(plan.some((detail) => detail.startsWith('SCAN person_keys'))).toBe(false);
    db.close();
    file.remove();
  });
});
