import { MemoryEventStore } from '../../src/store/memory.js';
import { eventStoreContract } from './contract.js';
import { linkedAppendsContract } from './contract-linked.js';

eventStoreContract(
  'memory',
  async () => {
    const store = new MemoryEventStore();
    return { store, dispose: () => store.close() };
  },
  { uniqueEventIds: true, reportsRetries: true, sealed: true },
);

linkedAppendsContract('memory', async () => {
  const store = new MemoryEventStore();
  return { store, dispose: () => store.close() };
});
