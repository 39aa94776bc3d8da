import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SealedRow } from '../store/seal.js';
import { EventDecoding } from './event-decoding.js';

/** Why the events of a page do not decode, by their index in the page (most pages: none). */
export type Verdicts = ReadonlyMap<number, string>;

/** A page as the worker receives it: metadata null where it repeats the event before. */
export interface DecodeRequest {
  readonly types: readonly string[];
  readonly data: readonly string[];
  readonly metadata: ReadonlyArray<string | null>;
}
/** The worker's answer: [index, why] for each event of the page that does not decode. */
export type DecodeVerdicts = ReadonlyArray<readonly [number, string]>;

export interface DecodeWorkerOptions {
  /** The compiled worker script (default: decode-worker.js beside this module, when there is one). */
  readonly script?: URL;
  /** Fewer events than this are decoded on the main thread: a worker costs its start. */
  readonly minEvents?: number;
  /**
   * True starts a worker even when no core is free. By default none is started then: on a
   * busy machine it only adds the cost of handing pages over (measured: no gain at load 11
   * on 2 cores).
   */
  readonly whenBusy?: boolean;
}

/** How long the machine's idle time is sampled before a worker is started. */
const SAMPLE_MS = 100;
/** Idle time, in cores, that counts as a core to spare: three quarters of one (the sample is short). */
const SPARE_CORE = 0.75;

const idleAndTotal = (): [number, number] =>
  cpus().reduce<[number, number]>(
    ([idle, total], { times }) => [
      idle + times.idle,
      total + times.idle + times.user + times.nice + times.sys + times.irq,
    ],
    [0, 0],
  );

/**
 * Whether the machine has a core to spare for a second thread, as its idle time says now
 * (this thread's own work included). The load average would not do: it trails the last
 * minute, so a verify that follows other work (or runs alone on two cores, where its own
 * thread is a load of one) would never see the core it has.
 */
async function aCoreIsFree(): Promise<boolean> {
  const [idleBefore, totalBefore] = idleAndTotal();
  await new Promise((settle) => setTimeout(settle, SAMPLE_MS));
  const [idle, total] = idleAndTotal();
  const cores = cpus().length;
  return total > totalBefore && ((idle - idleBefore) / (total - totalBefore)) * cores >= SPARE_CORE;
}

const NONE: Verdicts = new Map();

/**
 * Decoding for `verify`, a page at a time, in page order. On a large store, when a core is
 * free, it runs on a worker thread, so that the main thread reads and hashes the next page
 * meanwhile; pages
 * submitted before the worker is up, or after it failed, are decoded on the main thread.
 * Either way every event is judged, by the same code (event-decoding.ts).
 */
export class PageDecoding {
  private readonly inline = new EventDecoding();
  private worker: Worker | undefined;
  private ready = false;
  private closed = false;
  private sampling = false;
  /** Settles once the machine was sampled and a worker started, or not. */
  private starting: Promise<void> = Promise.resolve();
  /** Settles true once a worker takes pages, false when there is none (or it failed). */
  readonly onWorker: Promise<boolean>;
  private settleOnWorker: (onWorker: boolean) => void = () => undefined;
  private lastMetadata: string | undefined;
  /** Pages sent to the worker, oldest first, with what awaits their verdicts. */
  private readonly sent: Array<{
    page: readonly SealedRow[];
    resolve: (verdicts: Verdicts) => void;
  }> = [];

  constructor(events: bigint, options: DecodeWorkerOptions = {}) {
    this.onWorker = new Promise((settle) => (this.settleOnWorker = settle));
    const script = options.script ?? new URL('./decode-worker.js', import.meta.url);
    if (events < BigInt(options.minEvents ?? 100_000) || !existsSync(fileURLToPath(script))) {
      this.settleOnWorker(false);
      return;
    }
    // Pages submitted while the machine is sampled are decoded here, as before a worker is up.
    this.sampling = true;
    this.starting = (options.whenBusy ? Promise.resolve(true) : aCoreIsFree()).then((free) => {
      this.sampling = false;
      if (free && !this.closed) this.startWorker(script);
      else this.settleOnWorker(false);
    });
  }

  private startWorker(script: URL): void {
    const worker = new Worker(script);
    worker.on('message', (message: 'ready' | DecodeVerdicts) => {
      if (message !== 'ready') this.sent.shift()?.resolve(new Map(message));
      else if (this.worker) {
        this.ready = true;
        this.settleOnWorker(true);
      }
    });
    // A failed worker: what it had is decoded here.
    worker.on('error', () => this.stopWorker());
    worker.on('exit', () => this.stopWorker());
    this.worker = worker;
  }

  /** Starts judging a page; its verdicts come in page order. */
  async submit(page: readonly SealedRow[]): Promise<Verdicts> {
    // Reads of a synchronous store never leave the microtask queue: a turn of the event
    // loop lets the sampling timer and the worker's "ready" in.
    if (this.sampling || (this.worker && !this.ready)) await new Promise(setImmediate);
    if (!this.worker || !this.ready) return this.decodeHere(page);
    const request: DecodeRequest = {
      types: page.map((row) => row.type),
      data: page.map((row) => row.data),
      metadata: page.map((row) => {
        // The events of one command share their metadata: sent once.
        if (row.metadata === this.lastMetadata) return null;
        return (this.lastMetadata = row.metadata);
      }),
    };
    return new Promise((resolve) => {
      this.sent.push({ page, resolve });
      this.worker!.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    const worker = this.worker;
    this.stopWorker();
    await worker?.terminate();
  }

  private stopWorker(): void {
    this.worker = undefined;
    this.settleOnWorker(false);
    for (const { page, resolve } of this.sent.splice(0)) resolve(this.decodeHere(page));
  }

  private decodeHere(page: readonly SealedRow[]): Verdicts {
    let verdicts: Map<number, string> | undefined;
    for (let i = 0; i < page.length; i++) {
      const row = page[i]!;
      const why = this.inline.undecodable(row.type, row.data, row.metadata);
      if (why !== undefined) (verdicts ??= new Map()).set(i, why);
    }
    return verdicts ?? NONE;
  }
}
