import { DomainError } from '../domain/index.js';
import { isPrivateStore } from '../privacy/private-store.js';
import type { EventStore } from '../store/port.js';
import { isAuditable } from '../store/seal.js';
import type { HistoryReport, VerifyHistoryOptions } from './history-report.js';
import {
  isSealableHistory,
  sealHistory,
  type SealHistoryOptions,
  type SealHistoryReport,
} from './seal-history.js';
import { verifyHistory } from './verify-history.js';
import { verifySealedHistory } from './verify-sealed-history.js';

/** The store as it holds the events: personal values sealed, as the chains cover them. */
const asStored = (store: EventStore): EventStore => (isPrivateStore(store) ? store.sealed : store);

/** Whether the store keeps a seal its history can be verified against (verifyStoreHistory then answers). */
export function canVerifyHistory(store: EventStore): boolean {
  return isSealableHistory(asStored(store)) || isAuditable(store);
}

/**
 * Verifies a store's history by the seal it keeps: SQLite and memory chain every append
 * (verify-history.ts); EventStoreDB's `$all` is checked against its periodic seals
 * (history-seals.ts). A store without either is NotAuditable.
 */
export function verifyStoreHistory(
  store: EventStore,
  options?: VerifyHistoryOptions,
): Promise<HistoryReport> {
  const sealed = asStored(store);
  if (isSealableHistory(sealed)) return verifySealedHistory(sealed, options);
  if (!isAuditable(store))
    throw new DomainError(
      'NotAuditable',
      'This event store keeps no seal to verify its history against',
    );
  return verifyHistory(store, options);
}

/** Seals EventStoreDB's global order since the last seal; SQLite and memory need none (`chainedOnAppend`). */
export async function sealStoreHistory(
  store: EventStore,
  options: SealHistoryOptions = {},
): Promise<SealHistoryReport> {
  const sealed = asStored(store);
  if (!isSealableHistory(sealed)) return { chainedOnAppend: true };
  return sealHistory(sealed, options);
}
