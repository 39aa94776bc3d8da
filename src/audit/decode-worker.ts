/**
 * A worker thread that judges whether stored events decode, page after page in the order
 * given, while the main thread of `verify` reads and hashes (see page-decoding.ts). On a
 * SQLite store it reads each page itself through a read-only connection of its own; else
 * the page's texts are handed to it. When handed a page's seals, it checks the page's global
 * chain on them too (page-chains.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventDecoding } from './event-decoding.js';
import { unconfirmedChains } from './page-chains.js';
import type { DecodeAnswer, DecodeRequest, DecodeWorkerData, HandedPage } from './page-decoding.js';

type StoredRow = [type: string, data: string, metadata: string];

const port = parentPort!;
const decoding = new EventDecoding();
const { file, judged } = workerData as DecodeWorkerData;

/** The page's rows from the file (the same columns the main thread hashes), when it has one. */
async function fileReader(): Promise<((from: number, count: number) => StoredRow[]) | undefined> {
  if (file === undefined) return undefined;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const select = db
    .prepare<[number, number], StoredRow>(
      'SELECT type, data, metadata FROM events WHERE position >= ? ORDER BY position LIMIT ?',
    )
    .raw();
  return (from, count) => select.all(from, count);
}

function judge(rows: ArrayLike<StoredRow>): Array<[number, string]> {
  const failures: Array<[number, string]> = [];
  for (let i = 0; i < rows.length; i++) {
    const [type, data, metadata] = rows[i]!;
    const why = decoding.undecodable(type, data, metadata);
    if (why !== undefined) failures.push([i, why]);
  }
  return failures;
}

/** The metadata text of the last event handed over (null repeats it, across pages too). */
let lastMetadata = '';
/** A handed page as rows, its repeated metadata restored. */
function handedRows({ types, data, metadata }: HandedPage): StoredRow[] {
  return types.map((type, i) => [type, data[i]!, (lastMetadata = metadata[i] ?? lastMetadata)]);
}

const read = await fileReader();
port.on('message', (request: DecodeRequest) => {
  const chains = request.chains && { unconfirmed: unconfirmedChains(request.chains) };
  let answer: DecodeAnswer;
  if ('from' in request) {
    const rows = read!(request.from, request.count);
    let length = 0;
    for (const [type, data, metadata] of rows)
      length += type.length + data.length + metadata.length;
    answer = { verdicts: judge(rows), read: { events: rows.length, length }, ...chains };
  } else answer = { verdicts: judge(handedRows(request)), ...chains };
  // Counted before the answer is posted: the main thread reads the count between its pages.
  Atomics.add(judged, 0, 1);
  port.postMessage(answer);
});
port.postMessage('ready');
