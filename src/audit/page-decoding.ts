import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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

/** Whether the machine has a core to spare for a second thread (the last minute's load average). */
function aCoreIsFree(): boolean {
  return availableParallelism() - loadavg()[0]! >= 1;
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
    if (
      events < BigInt(options.minEvents ?? 100_000) ||
      !(options.whenBusy ?? aCoreIsFree()) ||
      !existsSync(fileURLToPath(script))
    ) {
      this.settleOnWorker(false);
      return;
    }
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
    // loop lets the worker's "ready" in.
    if (this.worker && !this.ready) await new Promise(setImmediate);
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
