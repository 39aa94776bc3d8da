import { MemoryEventStore } from '../../src/store/memory.js';
import { eventStoreContract } from './contract.js';

eventStoreContract(
  'memory',
  async () => {
    const store = new MemoryEventStore();
    return { store, dispose: () => store.close() };
  },
  { uniqueEventIds: true, reportsRetries: true, sealed: true },
);
