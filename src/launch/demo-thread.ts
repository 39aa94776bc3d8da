import { Worker } from 'node:worker_threads';
import { endQuietlyWhenTheReaderLeaves } from './reader-leaves.js';

/**
 * The demo runs on a thread of its own, with its young generation bounded to this many MB.
 *
 * V8 sizes the young generation of a process's main thread for throughput: up to 16 MB per
 * semi-space on a 64-bit machine, about 34 MB reserved (measured). The demo is a
 * long batch that allocates briskly (documents parsed and written per command, the end of
 * period's walks), so that reserve is held for its whole run, on top of the old generation.
 * Bounded to 12 MB (semi-spaces of 4 MB), measured on a 6,000-call demo: peak RSS 352 MB on
 * the main thread, 321 MB on this thread (310 MB with the main thread's bounded by
 * `--max-semi-space-size=4`, which only a flag at start can do), for about the same CPU. A
 * thread is how the command line gets it without one: a worker's limits are set when it
 * starts, the main thread's only before Node does. An application that embeds the library
 * runs the demo (runDemo) where it likes.
 */
export const DEMO_YOUNG_GENERATION_MB = 12;

/** What the thread is given: the command line, and whether standard error is a terminal. */
export interface DemoThreadData {
  readonly argv: readonly string[];
  readonly terminal: boolean;
}

/** Runs the command line's `argv` (a demo) on its thread; resolves to its exit code. */
export function runDemoThread(argv: readonly string[]): Promise<number> {
  // The thread's output goes out through this one's standard streams.
  endQuietlyWhenTheReaderLeaves();
  // Typed as always true; undefined when standard error is not a terminal.
  const terminal = (process.stderr as { isTTY?: boolean }).isTTY === true;
  const workerData: DemoThreadData = { argv, terminal };
  const worker = new Worker(new URL('./demo-thread-main.js', import.meta.url), {
    workerData,
    resourceLimits: { maxYoungGenerationSizeMb: DEMO_YOUNG_GENERATION_MB },
  });
  return new Promise((resolve, reject) => {
    let answer: number | undefined;
    worker.once('message', (code: number) => (answer = code));
    // An error the command line did not turn into an exit code: as on the main thread, it ends the process.
    worker.once('error', reject);
    worker.once('exit', (code) => resolve(answer ?? code));
  });
}
