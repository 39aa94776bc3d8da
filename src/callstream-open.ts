import type { CallstreamOptions } from './callstream-options.js';
import { checkCallstreamOptions } from './callstream-options-check.js';
import { reachEventStoreDb } from './store/eventstoredb-reach.js';

/**
 * What `Callstream.open` constructs. With EventStoreDB named and no store given, the server is
 * reached first (the options checked before): StoreUnavailable, and no read models' file
 * made. The store reached is the callstream's, closed with it or if it cannot be made.
 */
export async function constructed<T>(
  options: CallstreamOptions,
  create: (options: CallstreamOptions) => T,
): Promise<T> {
  const eventStoreDb = checkCallstreamOptions(options).eventStoreDb;
  if (typeof eventStoreDb !== 'string' || options.store !== undefined) return create(options);
  const store = await reachEventStoreDb(eventStoreDb);
  try {
    return create({ ...options, store });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
