import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SealedRow } from '../store/seal.js';
import { EventDecoding } from './event-decoding.js';
import type { HandedChains } from './page-chains.js';

/** What was judged of a page's events, by their index in the page. */
export interface Verdicts {
  /** Why events do not decode (most pages: none). */
  readonly undecodable: ReadonlyMap<number, string>;
  /**
   * The events whose global chain the worker did not confirm (page-chains.ts); absent when
   * it checked none: the walk then computes every link itself.
   */
  readonly unconfirmed?: ReadonlySet<number>;
}

/** A page handed to the worker: metadata null where it repeats the event before. */
export interface HandedPage {
  readonly types: readonly string[];
  readonly data: readonly string[];
  readonly metadata: ReadonlyArray<string | null>;
}
/** A page the worker reads itself from the store's file: `count` events from position `from`. */
export interface PageToRead {
  readonly from: number;
  readonly count: number;
}
/** A page to judge, with its seals as this thread read them when the global chain is checked there too. */
export type DecodeRequest = (HandedPage | PageToRead) & { readonly chains?: HandedChains };
/** [index, why] for each event of a page that does not decode. */
export type DecodeVerdicts = ReadonlyArray<readonly [number, string]>;
/**
 * The worker's answer. For a page it read itself, also what it read: how many events and the
 * length of their texts, so a page that is not the one this thread read is decoded here.
 */
export interface DecodeAnswer {
  readonly verdicts: DecodeVerdicts;
  /** The events whose global chain is not confirmed, when the request had chains. */
  readonly unconfirmed?: readonly number[];
  readonly read?: { readonly events: number; readonly length: number };
}
/** What the worker starts with: the store's file when it reads pages itself. */
export interface DecodeWorkerData {
  readonly file?: string;
  /** The worker counts there the pages it has judged, for this thread to read at once (Atomics). */
  readonly judged: Int32Array;
}

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
  /**
   * True judges the first page only once the worker is up (or known not to start), so that
   * every page goes to it (tests); by default pages are decoded here until it is up.
   */
  readonly awaitStart?: boolean;
  /**
   * 'always' hands the worker every page's global chain; by default only while it keeps up
   * (it has judged every page before), so that the links are checked by whichever thread
   * has time for them (tests set 'always', so that the worker checks every page).
   */
  readonly shareChains?: 'always' | 'while it keeps up';
  /**
   * The SQLite file the events are read from: the worker then reads each page itself,
   * through a read-only connection of its own, and this thread copies nothing to it (a
   * page's texts, cloned between threads, cost this thread more than reading them there).
   */
  readonly file?: string;
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

const NONE: ReadonlyMap<number, string> = new Map();
const NOTHING_UNCONFIRMED: ReadonlySet<number> = new Set();

/** The length of the texts a page's decoding reads (the worker's read is compared with it). */
function textLength(page: ReadonlyArray<Pick<SealedRow, 'type' | 'data' | 'metadata'>>): number {
  let length = 0;
  for (const row of page) length += row.type.length + row.data.length + row.metadata.length;
  return length;
}

/**
 * Decoding for `verify`, a page at a time, in page order. On a large store, when a core is
 * free, it runs on a worker thread, so that the main thread reads and hashes the next page
 * meanwhile; pages submitted before the worker is up, or after it failed, are decoded on the
 * main thread. Either way every event is judged, by the same code (event-decoding.ts). While
 * the worker keeps up, it also checks the page's global chain on the seals handed to it
 * (page-chains.ts).
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
  private readonly awaitStart: boolean;
  private readonly shareChainsAlways: boolean;
  /** Pages judged by the worker, as it counts them (read without waiting for its answers). */
  private readonly judged = new Int32Array(new SharedArrayBuffer(4));
  /** Pages sent to the worker. */
  private handedOver = 0;
  /** Whether the worker reads its pages from the file itself. */
  private reads = false;
  /** Pages sent to the worker, oldest first, with what awaits their verdicts. */
  private readonly sent: Array<{
    page: readonly SealedRow[];
    resolve: (verdicts: Verdicts) => void;
  }> = [];

  constructor(events: bigint, options: DecodeWorkerOptions = {}) {
    this.onWorker = new Promise((settle) => (this.settleOnWorker = settle));
    this.awaitStart = options.awaitStart === true;
    this.shareChainsAlways = options.shareChains === 'always';
    const script = options.script ?? new URL('./decode-worker.js', import.meta.url);
    if (events < BigInt(options.minEvents ?? 100_000) || !existsSync(fileURLToPath(script))) {
      this.settleOnWorker(false);
      return;
    }
    // Pages submitted while the machine is sampled are decoded here, as before a worker is up.
    this.sampling = true;
    this.starting = (options.whenBusy ? Promise.resolve(true) : aCoreIsFree()).then((free) => {
      this.sampling = false;
      if (free && !this.closed) this.startWorker(script, options.file);
      else this.settleOnWorker(false);
    });
  }

  private startWorker(script: URL, file: string | undefined): void {
    this.reads = file !== undefined;
    const worker = new Worker(script, {
      workerData: { file, judged: this.judged } satisfies DecodeWorkerData,
    });
    worker.on('message', (message: 'ready' | DecodeAnswer) => {
      if (message !== 'ready') {
        const sent = this.sent.shift();
        if (!sent) return;
        const { read, verdicts, unconfirmed } = message;
        // A page the worker read that is not the page read here (the file changed between
        // the two reads) is judged here, on what this thread hashes. A change that keeps
        // the lengths is still seen: the chains are checked on this thread's read.
        if (read && (read.events !== sent.page.length || read.length !== textLength(sent.page)))
          sent.resolve(this.decodeHere(sent.page));
        else
          sent.resolve({
            undecodable: verdicts.length === 0 ? NONE : new Map(verdicts),
            ...(unconfirmed && {
              unconfirmed: unconfirmed.length === 0 ? NOTHING_UNCONFIRMED : new Set(unconfirmed),
            }),
          });
      } else if (this.worker) {
        this.ready = true;
        this.settleOnWorker(true);
      }
    });
    // A failed worker: what it had is decoded here.
    worker.on('error', () => this.stopWorker());
    worker.on('exit', () => this.stopWorker());
    this.worker = worker;
  }

  /**
   * Starts judging a page; its verdicts come in page order. `chains` (handedChains): the
   * page's seals, for the worker to check its global chain too; here, it is left to the walk.
   */
  async submit(page: readonly SealedRow[], chains?: () => HandedChains): Promise<Verdicts> {
    // Reads of a synchronous store never leave the microtask queue: a turn of the event
    // loop lets the sampling timer and the worker's "ready" in.
    if (this.awaitStart) await this.onWorker;
    else if (this.sampling || (this.worker && !this.ready)) await new Promise(setImmediate);
    if (!this.worker || !this.ready) return this.decodeHere(page);
    if (page.length === 0) return { undecodable: NONE };
    const request: DecodeRequest = {
      ...(this.reads ? { from: Number(page[0]!.position), count: page.length } : this.handed(page)),
      ...(chains && this.keepsUp() && { chains: chains() }),
    };
    this.handedOver++;
    return new Promise((resolve) => {
      this.sent.push({ page, resolve });
      this.worker!.postMessage(request);
    });
  }

  /**
   * Whether the worker has judged every page handed to it: it then has time for this page's
   * global chain too. Read from the count it keeps, not from its answers, which this thread
   * only sees between pages.
   */
  private keepsUp(): boolean {
    return this.shareChainsAlways || Atomics.load(this.judged, 0) >= this.handedOver;
  }

  private handed(page: readonly SealedRow[]): HandedPage {
    return {
      types: page.map((row) => row.type),
      data: page.map((row) => row.data),
      metadata: page.map((row) => {
        // The events of one command share their metadata: sent once.
        if (row.metadata === this.lastMetadata) return null;
        return (this.lastMetadata = row.metadata);
      }),
    };
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
    return { undecodable: this.undecodableHere(page) };
  }

  private undecodableHere(page: readonly SealedRow[]): ReadonlyMap<number, string> {
    let verdicts: Map<number, string> | undefined;
    for (let i = 0; i < page.length; i++) {
      const row = page[i]!;
      const why = this.inline.undecodable(row.type, row.data, row.metadata);
      if (why !== undefined) (verdicts ??= new Map()).set(i, why);
    }
    return verdicts ?? NONE;
  }
}
