/** The demo's thread (demo-thread.ts): the command line, loaded and run as on the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCli } from './cli.js';
import type { DemoThreadData } from './demo-thread.js';

const { argv, terminal } = workerData as DemoThreadData;
// A thread's standard error is a pipe to the main thread's: progress is redrawn in place if that one is a terminal.
if (terminal) Object.defineProperty(process.stderr, 'isTTY', { value: true });
parentPort!.postMessage(await loadCli().main(argv));
