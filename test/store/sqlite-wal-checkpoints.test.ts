import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countingWalPages } from '../../src/bench/wal-pages.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../src/store/sqlite.js';
import { WalCheckpointer } from '../../src/store/sqlite-wal-checkpointer.js';
import { temporaryDatabase } from '../support/files.js';
import { collect, event } from './contract.js';

const PAGE = 4096;
/** A WAL frame: a 24-byte header and a page. */
const walPages = (file: string) =>
  Math.max(0, (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 32) - 32) / (24 + PAGE);

/** `commits` appends of one event each, to streams of their own, of about `bytes` of data. */
async function commit(store: SqliteEventStore, commits: number, bytes = 200, from = 0) {
  for (let i = from; i < from + commits; i++)
    await store.appendToStream(`call-${i}`, [event('CallLogged', { pad: 'x'.repeat(bytes) })], {
      expectedRevision: 'no_stream',
    });
}

/** Resolves once `done` holds; a thread that never gets there fails the test by its time limit. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function withStore(
  options: SqliteEventStoreOptions,
  body: (store: SqliteEventStore, file: string) => Promise<void>,
): Promise<void> {
  const file = temporaryDatabase();
  const store = new SqliteEventStore(file.path, { synchronous: 'NORMAL', ...options });
  try {
    await body(store, file.path);
  } finally {
    await store.close();
    file.remove();
  }
}

describe('SQLite store: the WAL is checkpointed on a thread of its own', () => {
  it('starts no thread for a few commits: a one-off command pays no thread start', async () => {
    await withStore({}, async (store) => {
      await commit(store, 5);
      expect(store.walCheckpoints()).toEqual({ thread: false, checkpoints: 0 });
    });
  });

  it('copies the WAL into the database file on the thread, while SQLite itself only stands by', async () => {
    await withStore({}, async (store, file) => {
      await commit(store, 40);
      expect(store.walCheckpoints().thread).toBe(true);
      // SQLite's own checkpoint, inside a commit, is now a safety net far above what runs here.
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
      const before = statSync(file).size;
      await commit(store, 200, 2000, 40);
      await until(() => store.walCheckpoints().checkpoints > 0);
      // Only a checkpoint grows the database file: the commits went to the WAL.
      expect(statSync(file).size).toBeGreaterThan(before + 100 * PAGE);
    });
  });

  it("keeps the WAL bounded under a steady stream of commits (SQLite's checkpoint stays the safety net)", async () => {
    await withStore({}, async (store, file) => {
      // About 50,000 pages written in all. The WAL outgrows the safety net (4,000 pages) by the
      // commits made while the thread holds the checkpoint lock, more on a loaded machine; then
      // it is started over, not grown.
      await commit(store, 4000, 40_000);
      expect(store.walCheckpoints().checkpoints).toBeGreaterThan(0);
      expect(walPages(file)).toBeLessThan(3 * 4000);
    });
  });

  it('leaves every commit readable, and no WAL, once the store is closed', async () => {
    const file = temporaryDatabase();
    try {
      const store = new SqliteEventStore(file.path, { synchronous: 'NORMAL' });
      await commit(store, 300, 3000);
      await until(() => store.walCheckpoints().checkpoints > 0);
      await store.close();
      // The thread's connection closed first: the store's was the last, and SQLite removed the WAL.
      expect(existsSync(`${file.path}-wal`)).toBe(false);
      const again = new SqliteEventStore(file.path);
      expect((await collect(again.readAll())).length).toBe(300);
      await again.close();
    } finally {
      file.remove();
    }
  });

  it('starts no checkpoint while held, so the WAL holds every page the commits wrote', async () => {
    await withStore({}, async (store, file) => {
      await commit(store, 100);
      await until(() => store.walCheckpoints().checkpoints > 0);
      const release = store.holdWalCheckpoints();
      const { checkpoints } = store.walCheckpoints();
      const before = statSync(file).size;
      // Ten times the commits that wake the thread: unheld, it copies pages into the file meanwhile.
      const counted = await countingWalPages(store, file, () => commit(store, 320, 3000, 100));
      expect(store.walCheckpoints().checkpoints).toBe(checkpoints);
      expect(statSync(file).size).toBe(before);
      expect(counted.pages).toBeGreaterThan(320);
      release();
      await until(() => store.walCheckpoints().checkpoints > checkpoints);
      expect(statSync(file).size).toBeGreaterThan(before);
    });
  });

  it('hands checkpoints back to SQLite when the thread cannot run (here: the file is not there)', async () => {
    const file = temporaryDatabase();
    let failure: unknown;
    const thread = new WalCheckpointer(file.path, 'NORMAL', 32, 4000, (error) => (failure = error));
    await until(() => failure !== undefined);
    expect(String(failure)).toMatch(/cannot open .*callstream\.db: unable to open database file/);
    await thread.close();
    file.remove();
  });

  it('gives checkpoints back to SQLite, inside commits as by default, when the thread stops', async () => {
    await withStore({}, async (store, file) => {
      await commit(store, 10);
      // The thread opens the file by its name: gone, it cannot (this connection keeps its own open).
      renameSync(file, `${file}.moved`);
      await commit(store, 30, 200, 10);
      expect(store.walCheckpoints().thread).toBe(true);
      await until(() => !store.walCheckpoints().thread);
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      await commit(store, 30, 200, 40);
      expect(store.walCheckpoints()).toEqual({ thread: false, checkpoints: 0 });
      renameSync(`${file}.moved`, file);
    });
  });

  it('never keeps a process up: one that commits and never closes its store ends (real child process)', () => {
    const file = temporaryDatabase();
    try {
      const store = fileURLToPath(new URL('../../dist/store/sqlite.js', import.meta.url));
      const script = `
        const { SqliteEventStore } = await import(${JSON.stringify(store)});
        const store = new SqliteEventStore(${JSON.stringify(file.path)}, { synchronous: 'NORMAL' });
        for (let i = 0; i < 100; i++)
          await store.appendToStream('call-' + i, [{ id: crypto.randomUUID(), type: 'CallLogged', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
        console.log(JSON.stringify(store.walCheckpoints()));
      `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      expect(JSON.parse(child.stdout).thread).toBe(true);
    } finally {
      file.remove();
    }
  });
});
