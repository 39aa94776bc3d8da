import type { EventStoreDbEventStore } from './eventstoredb.js';

/** The EventStoreDB server could not be reached. Nothing was written anywhere. */
export class StoreUnavailable extends Error {
  readonly code = 'StoreUnavailable';
  constructor(
    readonly endpoint: string,
    reason: string,
  ) {
    super(`Cannot reach EventStoreDB at ${endpoint}: ${reason}`);
    this.name = 'StoreUnavailable';
  }
}

/** An EventStoreDB store whose server answered (StoreUnavailable otherwise): for commands on the events alone. */
export async function reachEventStoreDb(connection: string): Promise<EventStoreDbEventStore> {
  const { EventStoreDbEventStore } = await import('./eventstoredb.js');
  let store: EventStoreDbEventStore | undefined;
  try {
    store = new EventStoreDbEventStore(connection);
    await store.headPosition();
    return store;
  } catch (error) {
    await store?.close().catch(() => undefined);
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    throw new StoreUnavailable(endpointOf(connection), reason || 'no answer');
  }
}

/** The hosts of a connection string, without its credentials or settings. */
function endpointOf(connection: string): string {
  const rest = connection.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hosts = rest.split(/[/?]/)[0] ?? '';
  return hosts.slice(hosts.lastIndexOf('@') + 1) || 'the configured endpoint';
}
