import { eventStoreContract } from './contract.js';
import { ServerStore } from '../support/server-store.js';

/**
 * The double the command pipeline is specified against for EventStoreDB
 * (test/support/server-store.ts) keeps the port's contract as the server does: ids recognise
 * retries within a stream only, and a retry is not reported as one.
 */
eventStoreContract('a store that judges ids as EventStoreDB does', async () => {
  const store = new ServerStore();
  return { store, dispose: () => store.close() };
});
