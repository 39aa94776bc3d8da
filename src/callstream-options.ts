import type { NotificationSender } from './commands/outbox.js';
import type { AccountingSystem } from './commands/accounting.js';
import type { PipelineOptions } from './commands/pipeline.js';
import type { ServiceLevelVersion } from './domain/index.js';
import { masterDataProjection } from './projections/master-data.js';
import { billingProjection } from './projections/billing.js';
import { callsProjection } from './projections/calls.js';
import { openIntervalsProjection } from './projections/open-intervals.js';
import { serviceReportProjection } from './projections/service-report/index.js';
import { notificationsProjection } from './projections/notifications.js';
import { knowledgeProjection } from './projections/knowledge/index.js';
import { MemoryReadModelStore } from './projections/read-models/memory.js';
import { PrivateReadModels } from './projections/read-models/private.js';
import { SqliteReadModelStore } from './projections/read-models/sqlite.js';
import { requestsProjection } from './projections/requests.js';
import { agendaProjection } from './projections/agenda.js';
import type { Projection, ReadModelStore } from './projections/types.js';
import { EventStoreDbEventStore } from './store/eventstoredb.js';
import { MemoryEventStore } from './store/memory.js';
import type { EventStore } from './store/port.js';
import type { KeyStore } from './privacy/key-store.js';
import { MemoryKeyStore } from './privacy/memory-key-store.js';
import { keyFile, withKeys } from './privacy/open.js';
import { SqliteKeyStore } from './privacy/sqlite-key-store.js';
import { SqliteEventStore, type SqliteSynchronous } from './store/sqlite.js';

/**
 * How read models follow the store:
 * - `inline`: every command returns after the read models include it (read-your-writes;
 *   the embedded default: one process, one file).
 * - `live`: a catch-up subscription updates them in the background (many writers, or a
 *   remote store): appends gather for LIVE_GATHER_MS (10 ms), then one catch-up folds them
 *   all; queries lag by that and the fold.
 * - `manual`: only when `catchUp()` is called (batch jobs, audits, benchmarks).
 * In every mode, a decision that reads this system's own master data (customer validation,
 * blocks, priority factors) first brings the projections up to the store's head: a request
 * is judged against everything recorded before it, whichever process recorded it.
 */
export type ProjectionMode = 'inline' | 'live' | 'manual';

export interface CallstreamOptions extends Omit<
  PipelineOptions,
  'store' | 'afterAppend' | 'openCalls' | 'masterDataKeptElsewhere'
> {
  /**
   * Validate every customer call against master data (B1–B4): on by default, reading this
   * system's own master data unless `masterData` names another source (an ERP). Turn it
   * off only where customers are not known to callstream at all.
   */
  readonly customerValidation?: boolean;
  /** Where acknowledgements with the call number go (A7). Without it, none are sent. */
  readonly notifications?: NotificationSender;
  /** Where issued invoices and credit notes are booked (D4). Without it, none are posted. */
  readonly accounting?: AccountingSystem;
  /** A SQLite file for events and read models (the embedded default) … */
  readonly file?: string;
  /**
   * … or an EventStoreDB connection string (e.g. esdb://localhost:2113?tls=false) for the
   * events, with the read models in `file` (SQLite) or in memory.
   */
  readonly eventStoreDb?: string;
  readonly synchronous?: SqliteSynchronous;
  /**
   * Opens `file` for reading only (an auditor's copy, a backup, read-only media): queries,
   * the transaction log and `verifyHistory` answer; every command and process is refused
   * (CallstreamReadOnly) and SQLite itself refuses any write. Its read models must be up to
   * date with its events (ReadModelsBehind otherwise): they are read as they are.
   */
  readonly readOnly?: boolean;
  /** … or an event store and read-model store of your own (memory when neither is given). */
  readonly store?: EventStore;
  readonly readModels?: ReadModelStore;
  readonly projectionMode?: ProjectionMode;
  readonly projections?: readonly Projection[];
  /**
   * Where the data subjects' keys live (personal data is sealed per person, see
   * docs/privacy.md): by default a table of the SQLite file, or memory beside a memory
   * store. An EventStoreDB store without `file` or `keys`, and a `store` of your own without
   * `keys`, keep personal data as given (unsealed).
   */
  readonly keys?: KeyStore;
  readonly serviceLevels?: ServiceLevelVersion;
}

/** The projections a callstream keeps unless told otherwise: calls (board, history), master data, requests, billing, open intervals (the as-of board), the weekly service report, agendas, knowledge, the customer notifications. */
export function defaultProjections(store: EventStore): Projection[] {
  return [
    callsProjection(store),
    masterDataProjection,
    requestsProjection,
    billingProjection,
    openIntervalsProjection,
    serviceReportProjection,
    agendaProjection,
    knowledgeProjection,
    notificationsProjection,
  ];
}

/**
 * The event store and read-model store the options name: SQLite (one file for both),
 * EventStoreDB, your own, or memory. With keys, both keep personal values sealed per person
 * (docs/privacy.md): the events as the store wrapper seals them, the read models' copies
 * as PrivateReadModels seals them. `sharedConnection`: both on one SQLite connection, so
 * read models can commit in the appends' own transactions.
 */
export function storesFor(options: CallstreamOptions): {
  store: EventStore;
  readModels: ReadModelStore;
  sharedConnection?: boolean;
} {
  const { store, readModels, keys, sharedConnection } = openStores(options);
  return {
    store: withKeys(store, keys),
    readModels: keys ? new PrivateReadModels(readModels, keys) : readModels,
    ...(sharedConnection ? { sharedConnection } : {}),
  };
}

function openStores(options: CallstreamOptions): {
  store: EventStore;
  readModels: ReadModelStore;
  keys: KeyStore | undefined;
  sharedConnection?: boolean;
} {
  if (options.eventStoreDb) {
    const readModels =
      options.readModels ??
      (options.file ? new SqliteReadModelStore(options.file) : new MemoryReadModelStore());
    // After the read models: their file is recognised as callstream's before the keys' table joins it.
    return {
      store: options.store ?? new EventStoreDbEventStore(options.eventStoreDb),
      readModels,
      keys: options.keys ?? (options.file ? keyFile(options.file) : undefined),
    };
  }
  if (options.file) {
    const sqlite = new SqliteEventStore(options.file, {
      ...(options.synchronous ? { synchronous: options.synchronous } : {}),
      ...(options.readOnly ? { readOnly: true } : {}),
    });
    try {
      return {
        store: options.store ?? sqlite,
        readModels: options.readModels ?? new SqliteReadModelStore(sqlite.db),
        keys: options.keys ?? new SqliteKeyStore(sqlite.db),
        sharedConnection: !options.store && !options.readModels,
      };
    } catch (error) {
      // A file refused for its read models (a newer layout) is not left open. No checkpoint
      // thread runs yet, so the close has nothing to wait for.
      sqlite.close().catch(() => undefined);
      throw error;
    }
  }
  return {
    store: options.store ?? new MemoryEventStore(),
    readModels: options.readModels ?? new MemoryReadModelStore(),
    keys: options.keys ?? (options.store ? undefined : new MemoryKeyStore()),
  };
}
