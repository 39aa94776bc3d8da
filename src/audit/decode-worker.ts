/**
 * A worker thread that judges whether stored events decode, page after page in the order
 * given, while the main thread of `verify` reads and hashes (see page-decoding.ts).
 */
import { parentPort } from 'node:worker_threads';
import { EventDecoding } from './event-decoding.js';
import type { DecodeRequest, DecodeVerdicts } from './page-decoding.js';

const port = parentPort!;
const decoding = new EventDecoding();
let metadata = '';
port.on('message', ({ types, data, metadata: metadataTexts }: DecodeRequest) => {
  const failures: Array<[number, string]> = [];
  for (let i = 0; i < types.length; i++) {
    metadata = metadataTexts[i] ?? metadata; // null: the same text as the event before
    const why = decoding.undecodable(types[i]!, data[i]!, metadata);
    if (why !== undefined) failures.push([i, why]);
  }
  port.postMessage(failures satisfies DecodeVerdicts);
});
port.postMessage('ready');
