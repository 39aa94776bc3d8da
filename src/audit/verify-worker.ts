/**
 * The worker thread of a `verify` in two stretches (see verify-stretches.ts): it walks the
 * events after the position it is sent, through a read-only connection of its own, with
 * the same checks and decoding as the main thread, starting from what is stored before its
 * stretch. It stops at the first break: the main thread then walks the stretch itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GENESIS_HEX } from '../store/seal.js';
import { openAuditReads } from '../store/sqlite-seal.js';
import { EventDecoding } from './event-decoding.js';
import { BreakList } from './history-report.js';
import { HistoryWalk, type WalkSeed } from './history-walk.js';
import type {
  VerifyWorkerAnswer,
  VerifyWorkerData,
  VerifyWorkerRequest,
} from './verify-stretches.js';

const port = parentPort!;
const { file, origin, headAtStart, against, decode, pageSize, shared } =
  workerData as VerifyWorkerData;
const { reads, close } = openAuditReads(file);
const decoding = decode ? new EventDecoding() : undefined;

/**
 * Where a walk of every event through `position` would end, as stored: the last event's
 * position and chain. A value only that walk could compute (the chain of an event without
 * its seal) is left empty, so the join fails and the main thread walks on itself. Each
 * stream is taken as its first row in the stretch says and checked at the join (absorb),
 * so no stream's start is looked up here.
 */
function seedAt(position: bigint): WalkSeed {
  const legacyThrough = origin?.position ?? 0n;
  const last = reads.lastUpTo(position);
  let chain = GENESIS_HEX;
  if (last && last.position > legacyThrough) chain = last.chain;
  else if (last) chain = last.position === origin!.position ? origin!.chain : '';
  return { previous: last?.position ?? 0n, chain };
}

function walkAfter(from: bigint): VerifyWorkerAnswer {
  const walk = new HistoryWalk(new BreakList(1), origin, headAtStart, against, true, seedAt(from));
  let after = from;
  for (;;) {
    const page = reads.after(after, pageSize);
    for (const row of page)
      walk.check(row, decoding?.undecodable(row.type, row.data, row.metadata));
    Atomics.store(shared, 1, walk.events);
    if (walk.breaks.count > 0) return { broken: true };
    if (page.length > 0) after = page[page.length - 1]!.position;
    if (page.length < pageSize) return { stretch: walk.stretch() };
  }
}

// The thread stays up after answering, until the main thread ends it: an exit of its own
// could reach the main thread before the answer does.
port.on('message', (request: VerifyWorkerRequest) => {
  port.postMessage(walkAfter(request.after));
  close();
});
Atomics.store(shared, 0, 1);
