import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HexSeal } from './history-report.js';
import type { WalkedStretch } from './history-walk.js';

/**
 * `verify` of a large SQLite store in two stretches on two threads: this thread walks from
 * the first event while a worker thread, once it is up, walks from a position on (its share
 * of what is left then). The worker starts its walk from what is stored before its stretch
 * (see WalkSeed) and stops at its first break; the two join only when it found none and
 * started from exactly the state this thread's walk ends in (HistoryWalk.absorb). Otherwise
 * this thread walks the worker's stretch itself. Either way the report is the one walk's
 * report; a history whose later stretch is intact is verified faster. Each thread reads,
 * hashes and decodes its own rows: nothing is handed from one to the other.
 */
export interface VerifyWorkerOptions {
  /** The compiled worker script (default: verify-worker.js beside this module, when there is one). */
  readonly script?: URL;
  /** Stores with fewer events are walked on one thread: a worker costs its start. */
  readonly minEvents?: number;
  /**
   * True gives the worker a stretch even when the machine does not leave this process two
   * cores. By default it is stopped then (it starts at once, while the machine is sampled):
   * two walks sharing one core take longer than one.
   */
  readonly whenBusy?: boolean;
  /** Tests: the worker's stretch starts after this position, and the walk here waits for it to be up. */
  readonly at?: bigint;
}

/** What the worker starts with. */
export interface VerifyWorkerData {
  readonly file: string;
  readonly origin: HexSeal | undefined;
  readonly headAtStart: HexSeal | undefined;
  readonly against: HexSeal | undefined;
  readonly decode: boolean;
  readonly pageSize: number;
  /** [0]: 1 once the worker is up; [1]: the events it has walked (read by this thread without waiting). */
  readonly shared: Int32Array;
}

/** Sent to the worker: walk the events after this position. */
export interface VerifyWorkerRequest {
  readonly after: bigint;
}

/** The worker's answer: its walk, or that it found a break (this thread then walks its stretch). */
export type VerifyWorkerAnswer = { readonly stretch: WalkedStretch } | { readonly broken: true };

/** How long the machine's load is sampled, while the worker starts. */
const SAMPLE_MS = 100;
/** Other processes' load, in cores, that still leaves this process two: a quarter of one (the sample is short). */
const OTHERS_AT_MOST = 0.25;
/**
 * The worker's share of what is left when it is up. It walks an event about a fifth slower
 * than this thread (measured on 2 cores, 200,005 events: 21 against 17 µs, its code newly
 * compiled and the two threads slowing each other), so an even split would leave this
 * thread waiting.
 */
const WORKER_SHARE = 0.45;
/** A worker takes a stretch of at least this many events, else this thread walks on alone. */
const MIN_STRETCH = 10_000n;

const idleAndTotal = (): [number, number] =>
  cpus().reduce<[number, number]>(
    ([idle, total], { times }) => [
      idle + times.idle,
      total + times.idle + times.user + times.nice + times.sys + times.irq,
    ],
    [0, 0],
  );

/**
 * Whether the machine leaves this process two cores, as the last moments say: the busy time
 * of every core, less this process's own (this thread's walk and the worker starting
 * meanwhile), is what others use. The load average would not do: it trails the last minute.
 */
async function twoCoresFree(): Promise<boolean> {
  const cores = cpus().length;
  if (cores < 2) return false;
  const [idleBefore, totalBefore] = idleAndTotal();
  const ownBefore = process.cpuUsage();
  await new Promise((settle) => setTimeout(settle, SAMPLE_MS));
  const [idle, total] = idleAndTotal();
  const own = process.cpuUsage(ownBefore);
  if (total <= totalBefore) return false;
  // os.cpus() counts milliseconds; cpuUsage microseconds.
  const busy = (total - totalBefore - (idle - idleBefore)) / (total - totalBefore);
  const ownShare = (own.user + own.system) / 1000 / ((total - totalBefore) / cores);
  return busy * cores - ownShare <= OTHERS_AT_MOST + cores - 2;
}

/**
 * Where the worker's stretch starts, this thread having walked through `walked` of `head`
 * events: its share of what is left, never inside the events through `sealedFrom` (migrated:
 * their chain is computed from the first event, so no stretch can start from what is stored
 * there); undefined when the stretch would be too short to pay for itself.
 */
export function laterStretchFrom(
  walked: bigint,
  head: bigint,
  sealedFrom: bigint,
): bigint | undefined {
  const share = walked + BigInt(Math.round(Number(head - walked) * (1 - WORKER_SHARE)));
  const from = share > sealedFrom ? share : sealedFrom;
  return head - from < MIN_STRETCH ? undefined : from;
}

/** The later stretch of a verify, on a worker thread. */
export class LaterStretch {
  private worker: Worker | undefined;
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  /** Settles with the worker's answer, or undefined when it has none (it failed, or was stopped). */
  private readonly answer: Promise<VerifyWorkerAnswer | undefined>;
  private settle: (answer: VerifyWorkerAnswer | undefined) => void = () => undefined;
  /** Whether the worker may still take a stretch (false once the machine was found busy, or it failed). */
  private possible = true;
  /** Whether the machine was sampled and found to leave two cores. */
  private sampled = false;
  private readonly starting: Promise<void>;
  private readonly at: bigint | undefined;
  /** Events through here predate sealing (see laterStretchFrom). */
  private readonly sealedFrom: bigint;

  /**
   * Starts the worker for a store of `events` events in `data.file`, unless the store is
   * small or the script is missing (running from the sources): undefined then. A worker on a
   * machine found busy is stopped before it takes a stretch.
   */
  static open(
    events: bigint,
    data: Omit<VerifyWorkerData, 'shared'>,
    options: VerifyWorkerOptions = {},
  ): LaterStretch | undefined {
    const script = options.script ?? new URL('./verify-worker.js', import.meta.url);
    if (events < BigInt(options.minEvents ?? 100_000) || !existsSync(fileURLToPath(script)))
      return undefined;
    return new LaterStretch(script, data, options);
  }

  private constructor(
    script: URL,
    data: Omit<VerifyWorkerData, 'shared'>,
    options: VerifyWorkerOptions,
  ) {
    this.at = options.at;
    this.sealedFrom = data.origin?.position ?? 0n;
    this.answer = new Promise((settle) => (this.settle = settle));
    // Started at once, the machine sampled while it loads: its start is most of the wait.
    const worker = new Worker(script, {
      workerData: { ...data, shared: this.shared } satisfies VerifyWorkerData,
    });
    worker.on('message', (answer: VerifyWorkerAnswer) => this.settle(answer));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
    this.worker = worker;
    this.starting = (options.whenBusy ? Promise.resolve(true) : twoCoresFree()).then((free) => {
      if (free) this.sampled = true;
      else this.stop();
    });
  }

  private fail(): void {
    this.possible = false;
    this.worker = undefined;
    this.settle(undefined);
  }

  /** Events the worker has walked so far. */
  walked(): number {
    return Atomics.load(this.shared, 1);
  }

  /**
   * Asked between this thread's pages, `after` the last event it walked: the position after
   * which the worker walks, once it is up (its share of what is left to `head`), else undefined.
   * Gives the event loop a turn while the worker starts (the reads here never leave the
   * microtask queue).
   */
  async splitAfter(after: bigint | undefined, head: bigint): Promise<bigint | undefined> {
    if (this.at !== undefined) await this.starting;
    while (this.possible) {
      if (this.sampled && Atomics.load(this.shared, 0) === 1) {
        const from = this.at ?? laterStretchFrom(after ?? 0n, head, this.sealedFrom);
        if (from === undefined) {
          this.stop();
          return undefined;
        }
        this.worker!.postMessage({ after: from } satisfies VerifyWorkerRequest);
        return from;
      }
      await new Promise(setImmediate);
      if (this.at === undefined) return undefined; // not up yet: this thread walks a page meanwhile
    }
    return undefined;
  }

  private stop(): void {
    const worker = this.worker;
    this.fail();
    void worker?.terminate();
  }

  /** The worker's walk of its stretch (undefined when it has none); `progress` is called meanwhile. */
  async stretch(progress: () => void): Promise<VerifyWorkerAnswer | undefined> {
    const ticking = setInterval(progress, 250);
    try {
      return await this.answer;
    } finally {
      clearInterval(ticking);
    }
  }

  /** Ends the worker, without waiting for its end: a thread takes about 20 ms to tear down, and nothing of it is needed any more. */
  async close(): Promise<void> {
    this.possible = false;
    await this.starting;
    const worker = this.worker;
    this.fail();
    void worker?.terminate();
  }
}
