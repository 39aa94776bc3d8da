import { getHeapSpaceStatistics } from 'node:v8';

/**
 * With CALLSTREAM_DEMO_DEBUG set, the demo's memory after each phase of its end-of-period
 * work on standard error: the resident set, the JavaScript heap in use and reserved, and of
 * that the young generation's reserve. A peak is then traced to the phase that made it, not
 * guessed from one figure at the end.
 */
export function logMemory(phase: string): void {
  if (!process.env.CALLSTREAM_DEMO_DEBUG) return;
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  process.stderr.write(
    `memory after ${phase}: resident ${mb(rss)} MB, heap ${mb(heapUsed)} MB of ${mb(heapTotal)} MB, young generation ${mb(youngGeneration())} MB\n`,
  );
}

/** What the young generation holds reserved: its semi-spaces and its large objects. */
function youngGeneration(): number {
  let bytes = 0;
  for (const space of getHeapSpaceStatistics())
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space')
      bytes += space.space_size;
  return bytes;
}

const mb = (bytes: number): number => Math.round(bytes / 1e6);
