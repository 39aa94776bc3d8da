import { SqliteEventStore } from '../../src/store/sqlite.js';
import { eventStoreContract } from './contract.js';
import { linkedAppendsContract } from './contract-linked.js';
import { temporaryDatabase } from '../support/files.js';

for (const synchronous of ['FULL', 'NORMAL'] as const) {
  eventStoreContract(
    `sqlite (synchronous=${synchronous})`,
    async () => {
      const file = temporaryDatabase();
      const store = new SqliteEventStore(file.path, { synchronous });
      return {
        store,
        dispose: async () => {
          await store.close();
          file.remove();
        },
      };
    },
    { uniqueEventIds: true, reportsRetries: true, sealed: true },
  );
}

linkedAppendsContract('sqlite', async () => {
  const file = temporaryDatabase();
  const store = new SqliteEventStore(file.path);
  return {
    store,
    dispose: async () => {
      await store.close();
      file.remove();
    },
  };
});
