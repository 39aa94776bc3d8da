import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from './files.js';

/** The embedded event stores, each opened fresh with its disposal: for `describe.each`. */
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
