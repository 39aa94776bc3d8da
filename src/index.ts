export * from './domain/index.js';
export * from './store/port.js';
export * from './store/errors.js';
export * from './store/seal.js';
export * from './audit/verify-history.js';
export { MemoryEventStore } from './store/memory.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './store/sqlite.js';
export {
  EventStoreDbEventStore,
  InvalidConnectionString,
  connectionSchemes,
  type EventStoreDbEventStoreOptions,
  type ResubscribeOptions,
} from './store/eventstoredb.js';
export { StoreUnavailable } from './store/eventstoredb-reach.js';
export * from './commands/errors.js';
export * from './commands/schemas.js';
export * from './commands/requests.js';
export * from './commands/pipeline.js';
export * from './commands/outbox.js';
export * from './commands/eml-directory.js';
export * from './commands/reactor.js';
export * from './commands/accounting.js';
export * from './projections/billing.js';
export type { InvoiceHistoryEntry } from './projections/invoice-history.js';
export { loadCall, callStreamName, commandIdOf } from './streams/index.js';
export * from './callstream.js';
export * from './projections/types.js';
export * from './projections/runner.js';
export { ReadModelsAhead, ReadModelsDiverged } from './projections/read-models-ahead.js';
export * from './projections/board.js';
export * from './projections/history.js';
export * from './projections/calls.js';
export * from './projections/transaction-log.js';
export type { LogValue } from './projections/diff.js';
export * from './projections/customer-view.js';
export { MemoryReadModelStore } from './projections/read-models/memory.js';
export { SqliteReadModelStore } from './projections/read-models/sqlite.js';
export * from './projections/requests.js';
export * from './projections/analytics.js';
export * from './projections/service-level-stats.js';
export * from './projections/service-report/index.js';
export * from './projections/knowledge/index.js';
export type { SearchHit } from './projections/read-models/full-text.js';
export { masterDataProjection, MASTER_DATA_PROJECTION } from './projections/master-data.js';
export { ReadModelMasterData } from './master-data/read-model.js';
export * from './master-data/erp.js';
export { masterDataSnapshot } from './master-data/snapshot.js';
export * from './commands/planner.js';
export * from './commands/automatic-work.js';
export { plannedWorkProjection, PLANNED_WORK_PROJECTION } from './commands/planner-index.js';
export { setUpExampleCompany, type ExampleCompanyReport } from './demo/example-company.js';
export { SealedValueUnreadable } from './privacy/cipher.js';
export { toJson } from './json.js';
export { jsonSchemas } from './json-schema.js';
