import type * as WorkerThreads from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';
import { warningsDuring } from '../support/warnings.js';
import { event } from './contract.js';

// A machine where no thread can start (a resource limit, a sandbox): Worker's constructor throws.
vi.mock('node:worker_threads', async (actual) => ({
  ...(await actual<typeof WorkerThreads>()),
  Worker: function Worker() {
    throw new Error('no thread can start here');
  },
}));

describe('SQLite store where no thread can start', () => {
  it('commits on, with SQLite checkpointing inside commits as by default, and says so', async () => {
    const file = temporaryDatabase();
    const store = new SqliteEventStore(file.path, { synchronous: 'NORMAL' });
    try {
      const warnings = await warningsDuring(async () => {
        // The 32nd commit would start the thread, inside its flush: every append still settles.
        for (let i = 0; i < 40; i++)
          await store.appendToStream(`call-${i}`, [event('CallLogged', {})], {
            expectedRevision: 'no_stream',
          });
      });
      expect(store.walCheckpoints()).toEqual({ thread: false, checkpoints: 0, satOut: 0 });
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(warnings.map((warning) => warning.message)).toEqual([
        expect.stringMatching(/checkpoint thread of .* stopped: no thread can start here/),
      ]);
    } finally {
      await store.close();
      file.remove();
    }
  });
});
