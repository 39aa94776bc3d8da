import { callStreamName } from '../streams/index.js';
import { logBuilder, type LogEntry, type LogOptions } from '../projections/transaction-log.js';
import type { AuditableStore } from '../store/seal.js';
import { sealedRows } from './verify-stream.js';
import { Revealer } from '../privacy/event-privacy.js';
import { isPrivateStore } from '../privacy/private-store.js';
import type { JsonValue } from '../store/port.js';

/**
 * A call's transaction log from a sealed store, proven as it is built: the stream's rows are
 * read once, each is checked against its seal (revision in order, hash over its stored bytes)
 * and then logged from the same text, so an edited, deleted or duplicated event ends the log
 * with CorruptedHistory instead of showing an edited history as true. The whole stream is
 * checked, also past `asOf`.
 */
export async function sealedTransactionLog(
  store: AuditableStore,
  callId: string,
  options: LogOptions = {},
): Promise<LogEntry[]> {
  const streamName = callStreamName(callId);
  const { rows, check } = await sealedRows(store, streamName);
  const log = logBuilder(options);
  // Checked on the stored bytes (ciphertext); logged with personal values opened, as every read path shows them.
  const revealer = isPrivateStore(store) ? new Revealer(store.keys) : undefined;
  const parse = (text: string): JsonValue =>
    revealer ? revealer.reveal(JSON.parse(text) as JsonValue) : (JSON.parse(text) as JsonValue);
  let logging = true;
  for (const row of rows) {
    check.next(row);
    if (logging)
      logging = log.add({
        id: row.id,
        revision: row.revision,
        type: row.type,
        data: parse(row.data),
        metadata: parse(row.metadata),
      });
  }
  return log.entries;
}
