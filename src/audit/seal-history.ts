import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/index.js';
import { encodeMetadata } from '../domain/envelope.js';
import { WrongExpectedRevision } from '../store/errors.js';
import {
  NO_STREAM_REVISION,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
} from '../store/port.js';
import type { SealedRow } from '../store/seal.js';
import { nameUuid } from '../streams/ids.js';
import {
  RangeDigest,
  SEALS_STREAM,
  SEAL_EVENT_TYPE,
  inGlobalChain,
  sealOf,
  sealOfData,
  type HistorySeal,
} from './history-seals.js';

/** A store whose global order is the server's, sealed periodically (see history-seals.ts): EventStoreDB's. */
export interface SealableHistory {
  /** Every event of `$all` after `after` (exclusive; undefined: from the start) with its seal, the server's own events left out. */
  readSealedAll(after?: bigint): AsyncIterable<SealedRow>;
  readSealedStream(streamName: string): Promise<readonly SealedRow[]>;
  readStream: EventStore['readStream'];
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;
}

export function isSealableHistory(store: object): store is SealableHistory {
  return typeof (store as Partial<SealableHistory>).readSealedAll === 'function';
}

export interface SealHistoryOptions {
  /** Who seals (default: the system actor `history-sealer`). */
  readonly actor?: Actor;
  /** When (default: now). */
  readonly now?: Date;
  /** The command id the seal's metadata carries (default: a new one). */
  readonly commandId?: string;
  /** How often to try again when another sealer appends a seal first (default 5). */
  readonly attempts?: number;
}

export interface SealHistoryReport {
  /** The seal appended by this run; undefined when nothing new was there to seal. */
  readonly seal?: HistorySeal;
  /** The last seal before this run's (or the last one, when nothing was sealed). */
  readonly previous?: HistorySeal;
  /** Set when another sealer appended a seal while this one computed (this run then sealed what remained, if anything). */
  readonly raced?: true;
  /** The store chains every append into its global chain as it stores it (SQLite, memory): there is nothing to seal. */
  readonly chainedOnAppend?: true;
}

/**
 * Seals the events appended since the last seal: reads them from `$all`, chains them on
 * from that seal's chain and appends a HistorySealed event at the seals stream's revision
 * after it. Two sealers racing leave one seal per range: the loser's append is refused
 * (its expectation no longer holds), and it seals again from the winner's seal, or reports
 * that nothing is left.
 */
export async function sealHistory(
  store: SealableHistory,
  options: SealHistoryOptions = {},
): Promise<SealHistoryReport> {
  const attempts = options.attempts ?? 5;
  let raced = false;
  for (let attempt = 1; ; attempt++) {
    const previous = await lastSeal(store);
    const range = new RangeDigest(previous?.seal.chain);
    for await (const row of store.readSealedAll(previous?.seal.through))
      if (inGlobalChain(row)) range.add(row);
    const done = (seal?: HistorySeal): SealHistoryReport => ({
      ...(seal ? { seal } : {}),
      ...(previous ? { previous: previous.seal } : {}),
      ...(raced ? { raced: true as const } : {}),
    });
    if (range.events === 0) return done();
    const data = sealOf(range);
    const now = options.now ?? new Date();
    const commandId = options.commandId ?? randomUUID();
    const event: EventToAppend = {
      // The same range from the same chain is the same seal: a resent append is the server's retry.
      id: nameUuid(`${SEALS_STREAM}/${data.previousChain}/${range.last}`),
      type: SEAL_EVENT_TYPE,
      data,
      metadata: encodeMetadata(SEAL_EVENT_TYPE, {
        actor: options.actor ?? { id: 'history-sealer', role: 'system' },
        occurredAt: now,
        commandId,
        commandType: 'SealHistory',
        correlationId: commandId,
        causationId: commandId,
      }),
    };
    try {
      const appended = await store.appendToStream(SEALS_STREAM, [event], {
        expectedRevision: previous?.revision ?? NO_STREAM_REVISION,
      });
      return done({
        revision: appended.nextExpectedRevision,
        position: appended.position,
        from: range.first!,
        through: range.last!,
        events: range.events,
        previousChain: data.previousChain,
        chain: data.chain,
        eventsDigest: data.eventsDigest,
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision) || attempt >= attempts) throw error;
      raced = true;
    }
  }
}

/** The seals stream's last event read as a seal (one event read, however many seals there are); one that is not a seal is refused. */
async function lastSeal(
  store: SealableHistory,
): Promise<{ seal: HistorySeal; revision: bigint } | undefined> {
  for await (const last of store.readStream(SEALS_STREAM, {
    direction: 'backwards',
    maxCount: 1,
  })) {
    const seal =
      last.type === SEAL_EVENT_TYPE
        ? sealOfData(last.data, last.revision, last.position)
        : `a ${last.type} event`;
    if (typeof seal === 'string')
      throw new Error(
        `The last event of ${SEALS_STREAM} (revision ${last.revision}) is ${seal}: run callstream verify`,
      );
    return { seal, revision: last.revision };
  }
  return undefined;
}
