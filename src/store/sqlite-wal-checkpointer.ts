import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own.
 *
 * SQLite's own automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: that
 * one command copies the pages into the database file and syncs it, a wait of 10–20 ms where
 * its neighbours take half a millisecond. Here a worker thread, with its own connection,
 * runs a PASSIVE checkpoint (it never waits for a lock, never blocks a writer) after every
 * `every` commits, so no command waits for one. SQLite's automatic checkpoint stays on as a
 * safety net at a larger size: it runs when the worker falls behind or is gone, and it is what
 * starts the log over under a steady stream of commits (see the worker's source).
 */
export class WalCheckpointer {
  private readonly shared = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private running = true;
  private failure: Error | undefined;

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
      // Not the process's flags: under --input-type=module, say, the source below would not run.
      execArgv: [],
      workerData: { file, synchronous, every, safetyNet, sqlite, shared: this.shared },
    });
    this.worker.unref(); // a process that never closes its store still ends
    this.worker.on('error', (error) => (this.failure = error));
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', () => {
        const stopped = !this.running;
        this.running = false;
        // Told once, whether the thread failed on its own or while being stopped (close() may
        // come before the failure's exit is seen): a failing thread only costs checkpoints.
        if (this.failure !== undefined || !stopped)
          onFailure(this.failure ?? new Error('the WAL checkpoint thread stopped'));
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
   * No checkpoint runs on the thread until the returned release is called: when this returns,
   * a pass under way has ended and none starts. For work that needs the checkpoint lock (a
   * TRUNCATE checkpoint) or reads the WAL as the commits wrote it (counting its pages).
   * Blocks the caller for at most one round: milliseconds, tens of them on a loaded machine.
   */
  hold(): () => void {
    Atomics.add(this.shared, HOLDS, 1);
    // The worker raises PASS before it reads HOLDS, and this reads PASS after raising HOLDS
    // (sequentially consistent): either it sees the hold, or this sees its pass and waits.
    const until = Date.now() + PASS_LIMIT_MS;
    while (Atomics.load(this.shared, PASS) === 1) {
      if (Date.now() > until) {
        Atomics.sub(this.shared, HOLDS, 1);
        throw new Error(
          `the WAL checkpoint thread has not finished its checkpoint in ${PASS_LIMIT_MS / 1000} s`,
        );
      }
      Atomics.wait(this.shared, PASS, 1, 100);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      Atomics.sub(this.shared, HOLDS, 1);
      this.wake();
    };
  }

  /** Rounds of checkpoints the worker has run. */
  get checkpoints(): number {
    return Atomics.load(this.shared, CHECKPOINTS);
  }

  /** Rounds the worker sat out to let SQLite's own checkpoint start a log past the safety net over. */
  get satOut(): number {
    return Atomics.load(this.shared, SAT_OUT);
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

  /** The worker waits on SIGNAL: changing it before notifying means a worker about to wait returns at once. */
  private wake(): void {
    Atomics.add(this.shared, SIGNAL, 1);
    Atomics.notify(this.shared, SIGNAL, 1);
  }
}

/**
 * The checkpoint thread of a store's connection, for others on that connection that need the
 * checkpoint lock (a key store's erasure). Set and removed by the store.
 */
export const checkpointThreads: WeakMap<Database.Database, WalCheckpointer> = new WeakMap<
  Database.Database,
  WalCheckpointer
>();

/** A pass copies at most a few thousand pages: one taking this long means the disk has stalled. */
const PASS_LIMIT_MS = 60_000;

/** Commits since the worker last took them, counted exactly. */
const COMMITS = 0;
/** Raised by every wake-up: the one slot the worker waits on. */
const SIGNAL = 1;
const STOP = 2;
/** Rounds of checkpoints run (a round is one pass, or two). */
const CHECKPOINTS = 3;
/** Holds under way: no pass starts while above zero. */
const HOLDS = 4;
/** 1 while the worker may be checkpointing: what a hold waits on. */
const PASS = 5;
/** Rounds sat out. */
const SAT_OUT = 6;
const SLOTS = 7;

// The worker runs from source text rather than a file beside this module, so the same code
// runs from the TypeScript sources (tests), from dist and from the CLI's bundle. It loads
// better-sqlite3 by the path resolved here.
//
// A round after `every` commits: a PASSIVE pass copies the pages committed before it began;
// if commits landed meanwhile and the log is under the net, a second pass copies those
// (short: measured, a third is not worth its sync). When no commit lands during the last pass the whole log is in the file
// and the next commit starts it over. Under a steady stream one always lands, and the log
// grows until the writer's own checkpoint (the safety net) runs inside a commit, with the
// write lock, copies the few pages left and starts it over. That checkpoint cannot run while
// a pass holds the checkpoint lock: once a pass finds the log past the net, the worker sits
// out one round so the writer's gets the lock at its next commit.
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
/**
 * One round: a pass, and a second if commits landed during the first. PASS stays raised for
 * the whole round, and HOLDS is read before each pass: a hold either waits for the round or
 * stops it before its next pass. Counted before PASS falls, so a returned hold sees the count
 * final.
 */
function round(waiting) {
  Atomics.store(shared, ${PASS}, 1);
  try {
    if (Atomics.load(shared, ${HOLDS}) > 0) return; // the commits stay counted for the next round
    Atomics.sub(shared, ${COMMITS}, waiting);
    const landed = Atomics.load(shared, ${COMMITS});
    let log = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
    if (
      log < safetyNet &&
      Atomics.load(shared, ${COMMITS}) !== landed &&
      Atomics.load(shared, ${HOLDS}) === 0
    )
      log = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
    sitOut = log >= safetyNet;
    Atomics.add(shared, ${CHECKPOINTS}, 1);
  } finally {
    Atomics.store(shared, ${PASS}, 0);
    Atomics.notify(shared, ${PASS});
  }
}
let sitOut = false;
for (;;) {
  const signal = Atomics.load(shared, ${SIGNAL});
  if (Atomics.load(shared, ${STOP}) === 1) break;
  const waiting = Atomics.load(shared, ${COMMITS});
  if (waiting < every || Atomics.load(shared, ${HOLDS}) > 0) {
    Atomics.wait(shared, ${SIGNAL}, signal);
    continue;
  }
  if (sitOut) {
    Atomics.sub(shared, ${COMMITS}, waiting);
    sitOut = false;
    Atomics.add(shared, ${SAT_OUT}, 1);
    continue;
  }
  round(waiting);
}
db.close();
`;
