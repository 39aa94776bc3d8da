/**
 * Connection strings for EventStoreDB and for KurrentDB, its new name. KurrentDB documents
 * `kurrentdb://` (connect to the nodes named) and `kurrentdb+discover://` (find the cluster
 * by gossip); EventStoreDB the same as `esdb://` and `esdb+discover://`. Everything after
 * the scheme is spelt alike, and the client library in use (@eventstore/db-client v6)
 * reads only the esdb schemes, so a KurrentDB scheme is passed on as its esdb twin.
 * Schemes are case-insensitive, as in any URI.
 */
const clientSchemes: ReadonlyMap<string, string> = new Map([
  ['esdb', 'esdb'],
  ['esdb+discover', 'esdb+discover'],
  ['kurrentdb', 'esdb'],
  ['kurrentdb+discover', 'esdb+discover'],
]);

const schemePattern = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The schemes a connection string may start with. */
export const connectionSchemes: readonly string[] = [...clientSchemes.keys()].map(
  (scheme) => `${scheme}://`,
);

/**
 * A connection string that names no EventStoreDB or KurrentDB scheme. Nothing was contacted.
 * The string itself is left out of the error: it may carry a password.
 */
export class InvalidConnectionString extends Error {
  readonly code = 'InvalidConnectionString';
  constructor() {
    super(
      `Not an EventStoreDB or KurrentDB connection string: it must start with ${connectionSchemes.join(', ')} (e.g. kurrentdb://localhost:2113?tls=false)`,
    );
    this.name = 'InvalidConnectionString';
  }
}

/** Whether a connection string names one of the schemes above (nothing else is checked). */
export function isConnectionString(connectionString: string): boolean {
  const match = schemePattern.exec(connectionString.trim());
  return match?.[1] !== undefined && clientSchemes.has(match[1].toLowerCase());
}

/**
 * The connection string as the client library reads it. Only the scheme is checked here;
 * hosts and settings are the client's to parse, when the store first connects.
 */
export function clientConnectionString(connectionString: string): string {
  const trimmed = connectionString.trim();
  const match = schemePattern.exec(trimmed);
  const scheme = match?.[1] && clientSchemes.get(match[1].toLowerCase());
  if (!match || !scheme) throw new InvalidConnectionString();
  return `${scheme}://${trimmed.slice(match[0].length)}`;
}
