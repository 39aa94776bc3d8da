import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own.
 *
 * SQLite's own automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: that
 * one command copies the pages into the database file and syncs it, a wait of 10–20 ms where
 * its neighbours take half a millisecond. Here a worker thread, with its own connection,
 * runs a PASSIVE checkpoint (it never waits for a lock, never blocks a writer) after every
 * `every` commits, so no command waits for one. SQLite's automatic checkpoint stays on as a
 * safety net at a larger size: it only runs when the worker falls behind or is gone.
 */
export class WalCheckpointer {
  /** [commits since the worker's last checkpoint, stop flag, checkpoints run, holds] */
  private readonly shared = new Int32Array(new SharedArrayBuffer(4 * 4));
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private running = true;

  constructor(
    file: string,
    synchronous: string,
    private readonly every: number,
    /** Pages of WAL at which the writer's own (SQLite's automatic) checkpoint runs. */
    safetyNet: number,
    /** Called once if the worker stops on its own (an error): the caller takes checkpoints back. */
    onFailure: (error: unknown) => void,
  ) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, synchronous, every, safetyNet, sqlite, shared: this.shared },
    });
    this.worker.unref(); // a process that never closes its store still ends
    let failure: unknown;
    this.worker.on('error', (error) => (failure = error));
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', () => {
        const stopped = !this.running;
        this.running = false;
        if (!stopped) onFailure(failure ?? new Error('the WAL checkpoint thread stopped'));
        resolve();
      }),
    );
  }

  /** After each commit: wakes the worker once `every` commits are waiting. Costs no system call otherwise. */
  committed(): void {
    if (
      Atomics.add(this.shared, COMMITS, 1) + 1 >= this.every &&
      Atomics.load(this.shared, HOLDS) === 0
    )
      this.wake();
  }

  /**
   * No checkpoint starts until the returned release is called (one running may finish): for
   * work that reads the WAL as the commits wrote it, such as counting its pages.
   */
  hold(): () => void {
    Atomics.add(this.shared, HOLDS, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      Atomics.sub(this.shared, HOLDS, 1);
      this.wake();
    };
  }

  /** Checkpoints the worker has run. */
  get checkpoints(): number {
    return Atomics.load(this.shared, CHECKPOINTS);
  }

  /** Stops the worker and waits until its connection is closed. */
  async close(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.worker.ref(); // the wait below keeps the process up until the thread is gone
      Atomics.store(this.shared, STOP, 1);
      this.wake();
    }
    await this.exited;
  }

  /**
   * The worker waits on the commit count: changing it as well as notifying means a worker
   * about to wait returns at once (no lost wake-up). One commit too many only brings the next
   * checkpoint a commit forward.
   */
  private wake(): void {
    Atomics.add(this.shared, COMMITS, 1);
    Atomics.notify(this.shared, COMMITS, 1);
  }
}

const COMMITS = 0;
const STOP = 1;
const CHECKPOINTS = 2;
const HOLDS = 3;

// The worker runs from source text rather than a file beside this module, so the same code
// runs from the TypeScript sources (tests), from dist and from the CLI's bundle. It loads
// better-sqlite3 by the path resolved here. The slot it waits on is read before the flags: see
// wake().
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const { file, synchronous, every, safetyNet, shared } = workerData;
let db;
try {
  db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = ' + synchronous);
} catch (error) {
  // SQLite's errors reach the parent as their code alone: the message goes with it here.
  throw new Error('the WAL checkpoint thread cannot open ' + file + ': ' + error.message);
}
for (;;) {
  const waiting = Atomics.load(shared, ${COMMITS});
  if (Atomics.load(shared, ${STOP}) === 1) break;
  if (waiting < every || Atomics.load(shared, ${HOLDS}) > 0) {
    Atomics.wait(shared, ${COMMITS}, waiting);
    continue;
  }
  // Once more if commits landed during the pass (it copies only those, and is short): if none
  // land during it, the whole log is in the file and the next commit starts the log over. More
  // passes are not worth their syncs (measured). Past the safety net the lock is left free:
  // the writer's own checkpoint copies the rest and starts over.
  let seen = -1;
  for (let pass = 0; pass < 2 && Atomics.load(shared, ${HOLDS}) === 0; pass++) {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log === seen || log >= safetyNet) break;
    seen = log;
  }
  Atomics.sub(shared, ${COMMITS}, waiting);
  Atomics.add(shared, ${CHECKPOINTS}, 1);
}
db.close();
`;
