export * from './domain/index.js';
export * from './store/port.js';
export * from './store/errors.js';
export { MemoryEventStore } from './store/memory.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './store/sqlite.js';
export * from './commands/errors.js';
export * from './commands/schemas.js';
export * from './commands/pipeline.js';
export { loadCall, callStreamName } from './commands/streams.js';
