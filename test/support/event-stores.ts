import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type { ReadModelStore } from '../../src/projections/types.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from './files.js';

/** The embedded event stores (and read-model stores, below), each opened fresh with its disposal: for `describe.each`. */
export const embeddedEventStores: Array<
  [string, () => { store: EventStore; dispose(): Promise<void> }]
> = [
  ['memory', () => ({ store: new MemoryEventStore(), dispose: async () => undefined })],
  [
    'sqlite',
    () => {
      const file = temporaryDatabase();
      const store = new SqliteEventStore(file.path);
      return { store, dispose: () => store.close().then(() => file.remove()) };
    },
  ],
];

/** The embedded read-model stores, each opened fresh with its disposal: for `describe.each`. */
export const embeddedReadModelStores: Array<
  [string, () => { readModels: ReadModelStore; dispose(): void }]
> = [
  ['memory', () => ({ readModels: new MemoryReadModelStore(), dispose: () => undefined })],
  [
    'sqlite',
    () => {
      const file = temporaryDatabase('views.db');
      const readModels = new SqliteReadModelStore(file.path);
      return {
        readModels,
        dispose: () => {
          readModels.close();
          file.remove();
        },
      };
    },
  ],
];
